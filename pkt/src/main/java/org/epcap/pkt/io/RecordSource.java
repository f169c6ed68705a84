package org.epcap.pkt.io;

import java.io.IOException;

/** One file format's way of turning the bytes after the magic number into records. */
interface RecordSource {
    /**
     * Reads the next record into {@code view}, its bytes left in place in the input's buffer.
     *
     * @return false at a clean end of file
     */
    boolean next(RecordView view) throws IOException;
}
