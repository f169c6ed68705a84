package org.epcap.pkt.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of real packets, the kinds that break decoders: bit flips, bytes set to
 * boundary values, truncations, length fields that lie (16-bit values set to 0, 1, small, huge or
 * near the real length), insertions, deletions and repeated runs. The same seed gives the same
 * mutations.
 */
public final class PacketMutator {
    private static final int[] INTERESTING = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0f, 0x10, 0x11,
        0x3a, 0x2b, 0x2c, 0x32, 0x33, 0x3b, 0x3c, 0x40, 0x45, 0x4f, 0x60, 0x7f, 0x80, 0x81, 0x86,
        0x88, 0xdd, 0xfe, 0xff};

    private final Random random;

    public PacketMutator(long seed) {
        this.random = new Random(seed);
    }

    /** A mutated copy of {@code packet}: one to four mutations. */
    public byte[] mutate(byte[] packet) {
        byte[] b = packet;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b == packet ? packet.clone() : b;
    }

    private byte[] once(byte[] in) {
        byte[] b = in.clone();
        int len = b.length;
        switch (random.nextInt(8)) {
            case 0 -> { // bit flip
                if (len > 0) {
                    int i = random.nextInt(len);
                    b[i] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // byte set to a value that means something to some header
                if (len > 0) {
                    b[random.nextInt(len)] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                }
            }
            case 2 -> { // random byte
                if (len > 0) {
                    b[random.nextInt(len)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> { // truncation
                return Arrays.copyOf(b, len == 0 ? 0 : random.nextInt(len));
            }
            case 4 -> { // a 16-bit length field that lies, at an even offset in the headers
                if (len >= 2) {
                    int at = random.nextInt(Math.min(len - 1, 80)) & ~1;
                    int v = switch (random.nextInt(6)) {
                        case 0 -> 0;
                        case 1 -> 0xffff;
                        case 2 -> random.nextInt(64);
                        case 3 -> len - at + random.nextInt(9) - 4;
                        case 4 -> 1 << random.nextInt(16);
                        default -> random.nextInt(0x10000);
                    };
                    b[at] = (byte) (v >>> 8);
                    b[at + 1] = (byte) v;
                }
            }
            case 5 -> { // insertion
                int at = random.nextInt(len + 1);
                int k = 1 + random.nextInt(8);
                byte[] out = new byte[len + k];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < k; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                System.arraycopy(b, at, out, at + k, len - at);
                return out;
            }
            case 6 -> { // deletion
                if (len > 0) {
                    int at = random.nextInt(len);
                    int k = 1 + random.nextInt(Math.min(8, len - at));
                    byte[] out = new byte[len - k];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + k, out, at, len - at - k);
                    return out;
                }
            }
            default -> { // a run repeated: nested headers, option lists
                if (len > 1 && len < 4096) {
                    int at = random.nextInt(len);
                    int k = 1 + random.nextInt(Math.min(40, len - at));
                    byte[] out = new byte[len + k];
                    System.arraycopy(b, 0, out, 0, at + k);
                    System.arraycopy(b, at, out, at + k, len - at);
                    return out;
                }
            }
        }
        return b;
    }

    /** A random int below {@code bound}, from the same seeded sequence. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
