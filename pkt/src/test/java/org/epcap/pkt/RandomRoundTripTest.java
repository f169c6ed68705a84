package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * decode(encode(h)) == h for generated link and network headers: a seeded generator, so a
 * failure names the seed that reproduces it.
 */
class RandomRoundTripTest {
    private static final int SEEDS = 300;

    /** A generator of random headers and the decoder that reads them back. */
    record Kind(String name, Function<Random, Header> generate, Decoder decode) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Decoder {
        Header decode(Header original, byte[] b, int off, int limit);
    }

    // A stack of one to four entries, the bottom-of-stack bit on the last.
    private static Mpls mpls(Random r) {
        int n = 1 + r.nextInt(4);
        List<Mpls.Label> stack = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stack.add(new Mpls.Label(r.nextInt(1 << 20), r.nextInt(8), i == n - 1, r.nextInt(256)));
        }
        return new Mpls(stack);
    }

    static List<Kind> kinds() {
        List<Kind> k = new ArrayList<>();
        k.add(new Kind("ether", r -> new Ether(mac(r), mac(r), r.nextInt(0x10000)), (h, b, o, l) -> Ether.decode(b, o, l)));
        k.add(new Kind("vlan", r -> new Vlan(pick(r, 0x8100, 0x88a8, 0x9100), r.nextInt(8), r.nextBoolean(),
                r.nextInt(4096), r.nextInt(0x10000)), (h, b, o, l) -> Vlan.decode(b, o, l, ((Vlan) h).tpid())));
        k.add(new Kind("mpls", RandomRoundTripTest::mpls, (h, b, o, l) -> Mpls.decode(b, o, l)));
        k.add(new Kind("llc", RandomRoundTripTest::llc, (h, b, o, l) -> Llc.decode(b, o, l)));
        k.add(new Kind("null", r -> new Null(1 + r.nextInt(0xffff), r.nextBoolean()), (h, b, o, l) -> Null.decode(b, o, l)));
        k.add(new Kind("loop", r -> new Null(r.nextInt(), false), (h, b, o, l) -> Null.decodeLoop(b, o, l)));
        k.add(new Kind("linux_cooked", r -> new LinuxCooked(r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000),
                r.nextLong(), r.nextInt(0x10000)), (h, b, o, l) -> LinuxCooked.decode(b, o, l)));
        k.add(new Kind("linux_cooked_v2", r -> new LinuxCooked2(r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(),
                r.nextInt(0x10000), r.nextInt(256), r.nextInt(256), r.nextLong()),
                (h, b, o, l) -> LinuxCooked2.decode(b, o, l)));
        k.add(new Kind("arp", RandomRoundTripTest::arp, (h, b, o, l) -> ((Arp) h).reverse()
                ? Arp.decodeRarp(b, o, l) : Arp.decode(b, o, l)));
        k.add(new Kind("ipv4", r -> new Ipv4(r.nextInt(256), r.nextInt(0x10000), r.nextInt(0x10000), r.nextBoolean(),
                r.nextBoolean(), r.nextBoolean(), r.nextInt(0x2000), r.nextInt(256), r.nextInt(256), r.nextInt(0x10000),
                new Ip4Address(r.nextInt()), new Ip4Address(r.nextInt()), bytes(r, 4 * r.nextInt(11))),
                (h, b, o, l) -> Ipv4.decode(b, o, l)));
        k.add(new Kind("ipv6", r -> new Ipv6(r.nextInt(256), r.nextInt(1 << 20), r.nextInt(0x10000), r.nextInt(256),
                r.nextInt(256), new Ip6Address(r.nextLong(), r.nextLong()), new Ip6Address(r.nextLong(), r.nextLong())),
                (h, b, o, l) -> Ipv6.decode(b, o, l)));
        k.add(new Kind("ipv6_hopopts", r -> new Ipv6HopByHop(r.nextInt(256), bytes(r, 6 + 8 * r.nextInt(5))),
                (h, b, o, l) -> Ipv6HopByHop.decode(b, o, l)));
        k.add(new Kind("ipv6_dstopts", r -> new Ipv6DestinationOptions(r.nextInt(256), bytes(r, 6 + 8 * r.nextInt(5))),
                (h, b, o, l) -> Ipv6DestinationOptions.decode(b, o, l)));
        k.add(new Kind("ipv6_routing", r -> new Ipv6Routing(r.nextInt(256), r.nextInt(256), r.nextInt(256),
                bytes(r, 4 + 8 * r.nextInt(5))), (h, b, o, l) -> Ipv6Routing.decode(b, o, l)));
        k.add(new Kind("ipv6_fragment", r -> new Ipv6Fragment(r.nextInt(256), r.nextInt(256), r.nextInt(0x2000),
                r.nextInt(4), r.nextBoolean(), r.nextInt() & 0xffff_ffffL), (h, b, o, l) -> Ipv6Fragment.decode(b, o, l)));
        k.add(new Kind("ipv6_ah", r -> new Ipv6Ah(r.nextInt(256), r.nextInt(0x10000), r.nextInt() & 0xffff_ffffL,
                r.nextInt() & 0xffff_ffffL, bytes(r, 4 * r.nextInt(8))), (h, b, o, l) -> Ipv6Ah.decode(b, o, l)));
        k.add(new Kind("ipv6_esp", r -> new Ipv6Esp(r.nextInt() & 0xffff_ffffL, r.nextInt() & 0xffff_ffffL,
                bytes(r, r.nextInt(64))), (h, b, o, l) -> Ipv6Esp.decode(b, o, l)));
        return k;
    }

    static Stream<Arguments> cases() {
        return kinds().stream().flatMap(k -> IntStream.range(0, SEEDS).mapToObj(s -> Arguments.of(k, s)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void decodeOfEncodeIsIdentity(Kind kind, int seed) {
        Random r = new Random(seed * 7919L + kind.name().hashCode());
        Header h = kind.generate().apply(r);
        byte[] wire = h.encode();
        assertEquals(h.encodedLength(), wire.length);
        // decode from inside a larger buffer, with bytes on both sides
        int pad = r.nextInt(8);
        byte[] framed = new byte[pad + wire.length + 5];
        r.nextBytes(framed);
        System.arraycopy(wire, 0, framed, pad, wire.length);
        int limit = kind.name().equals("ipv6_esp") ? pad + wire.length : framed.length;
        Header back = kind.decode().decode(h, framed, pad, limit);
        assertEquals(h, back, "seed " + seed);
        assertArrayEquals(wire, back.encode());
        assertEquals(h.fields(), back.fields());
    }

    private static Llc llc(Random r) {
        switch (r.nextInt(3)) {
            case 0:
                return Llc.snap(r.nextInt(1 << 24), r.nextInt(0x10000));
            case 1: {
                int first = r.nextInt(256) & ~1; // low bit 0: an information frame, two control bytes
                return new Llc(r.nextInt(256) & ~0xaa | 0x01, r.nextInt(256), (first << 8) | r.nextInt(256), true,
                        false, 0, 0);
            }
            default:
                return Llc.of(r.nextInt(256) | 0x01, r.nextInt(256), r.nextInt(64) << 2 | 3);
        }
    }

    private static Arp arp(Random r) {
        int hl = r.nextBoolean() ? 6 : r.nextInt(20);
        int pl = r.nextBoolean() ? 4 : r.nextInt(20);
        return new Arp(r.nextBoolean(), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000), bytes(r, hl),
                bytes(r, pl), bytes(r, hl), bytes(r, pl));
    }

    private static MacAddress mac(Random r) {
        return new MacAddress(r.nextLong() & 0xffff_ffff_ffffL);
    }

    private static int pick(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }

    private static Bytes bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Bytes.of(b);
    }
}
