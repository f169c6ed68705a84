package org.epcap.examples;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.epcap.Direction;
import org.epcap.Epcap;
import org.epcap.EpcapException;
import org.epcap.Options;
import org.epcap.Packet;

/**
 * The seed's second example: capture ICMP with injection enabled and send every captured
 * packet back out unchanged. Pinging through the interface then shows each reply twice:
 *
 * <pre>
 * # java -cp ... org.epcap.examples.IcmpResend eth0        (on the host being pinged)
 * $ ping -c 2 host
 * 64 bytes from host: icmp_seq=1 ttl=64 time=0.1 ms
 * 64 bytes from host: icmp_seq=1 ttl=64 time=0.2 ms (DUP!)
 * </pre>
 *
 * <p>It captures only packets this host sends ({@link Direction#OUT}): an echo reply sent
 * twice reaches the pinger twice. (Resending received packets would not work: a received
 * frame carries this host's MAC address as its destination, so the peer drops the copy.)
 * Linux does not show a packet socket the packets it injected itself, so the copies are not
 * captured again; in case a platform does, a packet equal to one just resent is not resent
 * again, which bounds the loop.
 *
 * <pre>{@code
 * try (Epcap cap = Epcap.start(IcmpResend.options("eth0"))) {
 *     IcmpResend.resend(cap, 10);   // resend ten packets, then return
 * }
 * }</pre>
 */
public final class IcmpResend {
    private static final int REMEMBERED = 64;

    private IcmpResend() {
    }

    /** ICMP sent from {@code interfaceName}, with injection enabled. */
    public static Options options(String interfaceName) {
        return Options.builder()
                .interfaceName(interfaceName)
                .filter("icmp")
                .inject(true)
                .direction(Direction.OUT)
                .build();
    }

    /**
     * Resends every packet {@code capture} delivers until it ends or {@code max} packets were
     * resent ({@code max} 0: no limit).
     *
     * @return the number of packets resent
     * @throws EpcapException when the capture or an injection fails
     */
    public static long resend(Epcap capture, long max) {
        Deque<byte[]> recent = new ArrayDeque<>();
        long sent = 0;
        Packet p;
        while ((max == 0 || sent < max) && (p = capture.next()) != null) {
            byte[] data = p.data();
            if (isRecent(recent, data)) {
                continue; // our own copy, seen again
            }
            capture.send(data);
            sent++;
            recent.addFirst(data);
            if (recent.size() > REMEMBERED) {
                recent.removeLast();
            }
        }
        return sent;
    }

    private static boolean isRecent(Deque<byte[]> recent, byte[] data) {
        for (byte[] r : recent) {
            if (Arrays.equals(r, data)) {
                return true;
            }
        }
        return false;
    }

    /** {@code IcmpResend <interface> [count]}: runs until Ctrl-C, or until count packets were resent. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: IcmpResend <interface> [count]");
            System.exit(2);
        }
        long max;
        try {
            max = args.length == 2 ? Long.parseLong(args[1]) : 0;
            if (max < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            System.err.println("IcmpResend: count must be a number of packets, 0 or more, got " + args[1]);
            System.exit(2);
            return;
        }
        try (Epcap cap = Epcap.start(options(args[0]))) {
            Runtime.getRuntime().addShutdownHook(new Thread(cap::close));
            long n = resend(cap, max);
            System.err.println("IcmpResend: " + n + " packets resent");
        } catch (EpcapException e) {
            System.err.println("IcmpResend: " + e.getMessage());
            System.exit(1);
        }
    }
}
