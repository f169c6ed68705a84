package org.epcap.sniff;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where {@code -w} saves the packets and how: a file (rotated by size with {@code -C}, by time
 * with {@code -G}, among {@code -W} names) or a stream ({@code -w -}: stdout).
 *
 * @param path          the file, or its name pattern when rotated; null for {@code stream}
 * @param stream        the stream written instead of a file, or null
 * @param pcapng        pcapng instead of classic pcap
 * @param packetFlushed flush after each packet ({@code -U})
 * @param rotateBytes   start a new file once the current one holds more than this; 0: never
 * @param rotateSeconds start a new file this often; 0: never
 * @param fileCount     {@code -W}: with a size limit, the number of names used in turn; with a
 *                      period alone, the number of files after which the capture stops; 0: no limit
 * @param owner         the user the files are given to ({@code -Z}), or null
 */
record SaveTo(Path path, OutputStream stream, boolean pcapng, boolean packetFlushed, long rotateBytes,
              long rotateSeconds, int fileCount, String owner) {
}
