package org.epcap.pkt.io;

import java.io.IOException;

/** One file format's way of turning the bytes after the magic number into records. */
interface RecordSource {
    /** The next record, or null at a clean end of file. */
    PcapRecord next() throws IOException;
}
