package org.epcap.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1, and a check that a port is free again. */
final class FreePorts {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private FreePorts() {}

    /**
     * Asks the kernel for {@code count} distinct ports: all sockets are held open together so the
     * kernel cannot hand out the same port twice, then closed for the brokers to bind. Another
     * process could take one in between; on a test machine that race is rare enough, and it would
     * show as a startup failure with the broker's "Address already in use" in the log tail.
     */
    static List<Integer> allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                sockets.add(s);
                s.bind(new InetSocketAddress(LOOPBACK, 0));
            }
            List<Integer> ports = new ArrayList<>();
            for (ServerSocket s : sockets) {
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that was never used cannot fail in a way that matters.
                }
            }
        }
    }

    /** True if a listening socket can be bound on the port now (no one else holds it). */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // The same reuse-address setting the brokers use, so TIME_WAIT leftovers from their
            // closed connections do not count as "taken".
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
