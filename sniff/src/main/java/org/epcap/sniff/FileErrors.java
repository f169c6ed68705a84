package org.epcap.sniff;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file error as tcpdump says it, {@code PATH: REASON}: Java's {@code NoSuchFileException}
 * and its kin carry only the path, and the reason is in their type.
 *
 * <pre>{@code
 * FileErrors.describe(new NoSuchFileException("/nonexistent/dir/x.pcap"));
 * // "/nonexistent/dir/x.pcap: No such file or directory"
 * }</pre>
 */
final class FileErrors {
    private FileErrors() {
    }

    static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile();
            String reason = fs.getReason();
            if (reason == null) {
                reason = e instanceof NoSuchFileException ? "No such file or directory"
                        : e instanceof AccessDeniedException ? "Permission denied"
                        : e instanceof FileAlreadyExistsException ? "File exists"
                        : e instanceof NotDirectoryException ? "Not a directory"
                        : e.getClass().getSimpleName();
            }
            return (file == null ? "" : file + ": ") + reason;
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
