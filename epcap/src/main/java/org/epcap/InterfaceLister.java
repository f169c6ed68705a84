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
 * Runs {@code epcap -L} and reads its INTERFACE frames (see {@link Epcap#interfaces()}), and
 * {@code epcap -l}, whose TYPES frame lists a device's link-layer and time-stamp types (see
 * {@link Epcap#interfaceTypes(Options)}).
 *
 * <p>Threads: static methods without shared state; any thread may call them.
 */
final class InterfaceLister {
    private static final long TIME_LIMIT_SECONDS = 15;

    private InterfaceLister() {
    }

    static List<NetworkInterfaceInfo> list(Path program) {
        List<NetworkInterfaceInfo> result = new ArrayList<>();
        run(List.of(program.toString(), "-L"), "the interface list", (type, c) -> {
            if (type != Wire.INTERFACE) return false;
            result.add(parse(c));
            return true;
        });
        return List.copyOf(result);
    }

    /**
     * Runs {@code epcap -l} for {@code options}' interface (and monitor mode), through the exec
     * prefix a capture with these options would use: listing link-layer types opens the device.
     */
    static InterfaceTypes types(Options options) {
        if (!options.isLive()) {
            throw new BadOptionException("interfaceTypes: lists an interface's types; these options read a file");
        }
        List<String> prefix = ExecPolicy.prefix(options);
        if (!prefix.isEmpty()) PortProgram.requireCommand(prefix.get(0));
        Path program = PortProgram.locate(options);
        List<String> argv = new ArrayList<>(prefix);
        argv.add(program.toString());
        argv.add("-l");
        options.interfaceName().ifPresent(i -> {
            argv.add("-i");
            argv.add(i);
        });
        if (options.monitor()) argv.add("-M");
        if (options.verbose() > 0) argv.add("-" + "v".repeat(options.verbose()));
        InterfaceTypes[] result = new InterfaceTypes[1];
        try {
            run(argv, "the type list", (type, c) -> {
                if (type != Wire.TYPES || result[0] != null) return false;
                result[0] = parseTypes(c);
                return true;
            });
        } catch (PortDiedException e) {
            if (SudoCheck.refuses(prefix, program)) {
                throw new PermissionDeniedException("'" + String.join(" ", prefix) + "' may not run the port program "
                        + program + " (listing a device's types opens it, as a capture does)", e);
            }
            throw e;
        }
        if (result[0] == null) throw new ProtocolException("the port program ended its type list without a TYPES frame");
        return result[0];
    }

    /** Takes one frame of a listing; false when its type does not belong there. */
    @FunctionalInterface
    private interface FrameTaker {
        boolean take(int type, Wire.Cursor body);
    }

    /** Runs a listing port (frames, then EOF), hands its frames to {@code taker}, reaps it. */
    private static void run(List<String> argv, String what, FrameTaker taker) {
        PortProcess port = PortProcess.spawn(argv, false);
        PortProcess.closeQuietly(port.stdin);
        // A port that hangs is killed, which ends our read below.
        CompletableFuture.delayedExecutor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (port.process.isAlive()) port.terminate(true);
        });
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
                int type = frames.type();
                if (type == Wire.EOF) {
                    eof = true;
                } else if (type == Wire.ERROR) {
                    c.s32();
                    int code = c.u16();
                    c.u8();
                    error = ErrorCode.toException(code, c.rest());
                } else if (!taker.take(type, c)) {
                    throw new ProtocolException("unexpected frame type 0x" + Integer.toHexString(type)
                            + " while reading " + what);
                }
            }
        } catch (IOException e) {
            error = new PortDiedException("reading " + what + " failed (" + e.getMessage() + ")", -1, 0, "");
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
            throw new PortDiedException("the port program ended " + what + " without EOF",
                    PortProcess.statusOf(raw), PortProcess.signalOf(raw), port.stderr.lastLines(10));
        }
    }

    private static InterfaceTypes parseTypes(Wire.Cursor c) {
        String device = c.str16();
        int current = c.s32();
        int flags = c.u8();
        int n = c.u16();
        List<InterfaceTypes.LinkType> links = new ArrayList<>(n);
        for (int i = 0; i < n; i++) links.add(new InterfaceTypes.LinkType(c.s32(), c.str16(), c.str16()));
        int m = c.u16();
        List<InterfaceTypes.TimestampType> stamps = new ArrayList<>(m);
        for (int i = 0; i < m; i++) stamps.add(new InterfaceTypes.TimestampType(c.s32(), c.str16(), c.str16()));
        if (c.remaining() != 0) throw new ProtocolException(c.remaining() + " bytes left over in TYPES");
        return new InterfaceTypes(device, current, (flags & 1) != 0, (flags & 2) != 0, links, stamps);
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
