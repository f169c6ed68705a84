package org.epcap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code epcap -L} and reads its INTERFACE frames (see {@link Epcap#interfaces()}).
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
final class InterfaceLister {
    private static final long TIME_LIMIT_SECONDS = 15;

    private InterfaceLister() {
    }

    static List<NetworkInterfaceInfo> list(Path program) {
        PortProcess port = PortProcess.spawn(List.of(program.toString(), "-L"), false);
        PortProcess.closeQuietly(port.stdin);
        // A port that hangs is killed, which ends our read below.
        CompletableFuture.delayedExecutor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (port.process.isAlive()) port.terminate(true);
        });
        List<NetworkInterfaceInfo> result = new ArrayList<>();
        boolean eof = false;
        EpcapException error = null;
        try {
            FrameReader frames = new FrameReader(port.stdout, Wire.MAX_FRAME + 4);
            while (true) {
                if (!frames.hasFrame()) {
                    if (!frames.fill()) break;
                    continue;
                }
                frames.take();
                Wire.Cursor c = frames.body();
                switch (frames.type()) {
                    case Wire.INTERFACE:
                        result.add(parse(c));
                        break;
                    case Wire.EOF:
                        eof = true;
                        break;
                    case Wire.ERROR:
                        c.s32();
                        int code = c.u16();
                        c.u8();
                        error = ErrorCode.toException(code, c.rest());
                        break;
                    default:
                        throw new ProtocolException("unexpected frame type 0x" + Integer.toHexString(frames.type())
                                + " while listing interfaces");
                }
            }
        } catch (IOException e) {
            error = new PortDiedException("reading the interface list failed (" + e.getMessage() + ")", -1, 0, "");
        } catch (ProtocolException e) {
            port.terminate(true);
            throw e;
        } finally {
            PortProcess.closeQuietly(port.stdout);
        }
        int raw = port.reap(2000);
        port.stderr.join(1000);
        if (error != null) throw error;
        if (!eof) {
            throw new PortDiedException("the port program ended its interface list without EOF",
                    PortProcess.statusOf(raw), PortProcess.signalOf(raw), port.stderr.lastLines(10));
        }
        return List.copyOf(result);
    }

    private static NetworkInterfaceInfo parse(Wire.Cursor c) {
        String name = c.str16();
        String description = c.str16();
        int flags = c.s32();
        int count = c.u16();
        List<NetworkInterfaceInfo.Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int family = c.u8();
            int prefix = c.u8();
            byte[] bytes;
            if (family == 4) bytes = c.bytes(4);
            else if (family == 6) bytes = c.bytes(16);
            else throw new ProtocolException("address family " + family + " in INTERFACE");
            try {
                addresses.add(new NetworkInterfaceInfo.Address(InetAddress.getByAddress(bytes), prefix));
            } catch (UnknownHostException e) {
                throw new ProtocolException("bad address in INTERFACE: " + e.getMessage());
            }
        }
        return new NetworkInterfaceInfo(name, description, addresses, flags);
    }
}
