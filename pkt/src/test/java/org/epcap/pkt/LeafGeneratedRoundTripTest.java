package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** decode(encode(h)) == h for headers built from a seeded random generator. */
class LeafGeneratedRoundTripTest {

    private static final int PER_SEED = 200;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void everyGeneratedHeaderDecodesToItself(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < PER_SEED; i++) {
            roundTrip(tcp(r), b -> Tcp.decode(b, 0, b.length));
            roundTrip(new Udp(u16(r), u16(r), u16(r), u16(r)), b -> Udp.decode(b, 0, b.length));
            roundTrip(icmp(r), b -> Icmp.decode(b, 0, b.length));
            roundTrip(icmp6(r), b -> Icmp6.decode(b, 0, b.length));
            roundTrip(sctp(r), b -> Sctp.decode(b, 0, b.length));
            roundTrip(igmp(r), b -> Igmp.decode(b, 0, b.length));
            roundTrip(gre(r), b -> Gre.decode(b, 0, b.length));
            Vrrp v = vrrp(r);
            int ipVersion = v.ipv6Addresses().isEmpty() ? 4 : 6;
            roundTrip(v, b -> Vrrp.decode(b, 0, b.length, ipVersion));
            roundTrip(lldp(r), b -> Lldp.decode(b, 0, b.length));
            roundTrip(new Eapol(r.nextInt(256), r.nextInt(256), bytes(r, r.nextInt(40))),
                    b -> Eapol.decode(b, 0, b.length));
        }
    }

    private static <H extends Header> void roundTrip(H h, Function<byte[], H> decode) {
        byte[] wire = h.encode();
        assertEquals(h.encodedLength(), wire.length);
        assertEquals(h, decode.apply(wire), () -> h.toString());
    }

    private static Tcp tcp(Random r) {
        List<TcpOption> options = new ArrayList<>();
        int room = 40;
        for (int n = r.nextInt(6); n > 0; n--) {
            TcpOption o = switch (r.nextInt(8)) {
                case 0 -> new TcpOption.NoOperation();
                case 1 -> new TcpOption.MaximumSegmentSize(u16(r));
                case 2 -> new TcpOption.WindowScale(r.nextInt(256));
                case 3 -> new TcpOption.SackPermitted();
                case 4 -> new TcpOption.Sack(List.of(new TcpOption.SackBlock(u32(r), u32(r))));
                case 5 -> new TcpOption.Timestamps(u32(r), u32(r));
                case 6 -> new TcpOption.Md5Signature(bytes(r, 16));
                default -> new TcpOption.Unknown(30 + r.nextInt(200), bytes(r, r.nextInt(6)));
            };
            if (o.encodedLength() + 1 > room) {
                break;
            }
            room -= o.encodedLength();
            options.add(o);
        }
        Tcp t = Tcp.of(u16(r), u16(r), u32(r), u32(r), TcpFlag.fromBits(r.nextInt(0x200)), u16(r),
                options);
        // Reserved bits, checksum and urgent pointer too.
        return new Tcp(t.sourcePort(), t.destinationPort(), t.sequenceNumber(),
                t.acknowledgementNumber(), r.nextInt(0x1000), t.window(), u16(r), u16(r), t.options());
    }

    private static Icmp icmp(Random r) {
        int type = r.nextInt(20);
        return new Icmp(type, r.nextInt(256), u16(r), r.nextInt(), bytes(r, Icmp.extensionLength(type)));
    }

    private static Icmp6 icmp6(Random r) {
        List<NdOption> opts = new ArrayList<>();
        for (int n = r.nextInt(3); n > 0; n--) {
            opts.add(switch (r.nextInt(6)) {
                case 0 -> NdOption.SourceLinkLayerAddress.of(new MacAddress(r.nextLong() & 0xffff_ffff_ffffL));
                case 1 -> new NdOption.TargetLinkLayerAddress(bytes(r, 14));
                case 2 -> new NdOption.PrefixInformation(r.nextInt(129), r.nextInt(256), u32(r), u32(r),
                        u32(r), ip6(r));
                case 3 -> new NdOption.RedirectedHeader(bytes(r, 6), bytes(r, 8 * r.nextInt(3)));
                case 4 -> new NdOption.Mtu(u16(r), u32(r));
                default -> new NdOption.Unknown(6 + r.nextInt(200), bytes(r, 6));
            });
        }
        int kind = r.nextInt(11);
        Icmp6Body body = switch (kind) {
            case 0 -> new Icmp6Body.Echo(u16(r), u16(r));
            case 1 -> new Icmp6Body.PacketTooBig(u32(r));
            case 2 -> new Icmp6Body.ParameterProblem(u32(r));
            case 3 -> new Icmp6Body.RouterSolicitation(r.nextInt(), opts);
            case 4 -> new Icmp6Body.RouterAdvertisement(r.nextInt(256), r.nextInt(256), u16(r), u32(r),
                    u32(r), opts);
            case 5 -> new Icmp6Body.NeighborSolicitation(r.nextInt(), ip6(r), opts);
            case 6 -> new Icmp6Body.NeighborAdvertisement(r.nextInt(), ip6(r), opts);
            case 7 -> new Icmp6Body.Redirect(r.nextInt(), ip6(r), ip6(r), opts);
            case 8 -> new Icmp6Body.Mld(u16(r), u16(r), ip6(r));
            case 9 -> new Icmp6Body.Mld2Query(u16(r), u16(r), ip6(r), r.nextInt(256), r.nextInt(256),
                    List.of(ip6(r)));
            default -> new Icmp6Body.Mld2Report(u16(r), List.of(new Icmp6Body.Mld2Record(
                    r.nextInt(256), ip6(r), List.of(ip6(r)), bytes(r, 4))));
        };
        int[] types = {128 + r.nextInt(2), 2, 4, 133, 134, 135, 136, 137, 131 + r.nextInt(2), 130, 143};
        int type = types[kind];
        return new Icmp6(type, r.nextInt(256), u16(r), body);
    }

    private static Sctp sctp(Random r) {
        List<SctpChunk> chunks = new ArrayList<>();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int flags = r.nextInt(256);
            List<SctpParameter> params = List.of(SctpParameter.of(u16(r), bytes(r, r.nextInt(9))));
            SctpChunk c = switch (r.nextInt(14)) {
                case 0 -> {
                    Bytes data = bytes(r, 1 + r.nextInt(9));
                    yield new SctpChunk.Data(flags, u32(r), u16(r), u16(r), u32(r), data, pad(data.length()));
                }
                case 1 -> new SctpChunk.Init(flags, init(r, params), Bytes.EMPTY);
                case 2 -> new SctpChunk.InitAck(flags, init(r, params), Bytes.EMPTY);
                case 3 -> new SctpChunk.Sack(flags, u32(r), u32(r), List.of(new SctpChunk.GapAckBlock(u16(r), u16(r))),
                        List.of(u32(r)), Bytes.EMPTY);
                case 4 -> new SctpChunk.Heartbeat(flags, params, Bytes.EMPTY);
                case 5 -> new SctpChunk.HeartbeatAck(flags, params, Bytes.EMPTY);
                case 6 -> new SctpChunk.Abort(flags, params, Bytes.EMPTY);
                case 7 -> new SctpChunk.Shutdown(flags, u32(r), Bytes.EMPTY);
                case 8 -> new SctpChunk.ShutdownAck(flags, Bytes.EMPTY);
                case 9 -> new SctpChunk.OperationError(flags, params, Bytes.EMPTY);
                case 10 -> {
                    Bytes cookie = bytes(r, r.nextInt(12));
                    yield new SctpChunk.CookieEcho(flags, cookie, pad(cookie.length()));
                }
                case 11 -> new SctpChunk.CookieAck(flags, Bytes.EMPTY);
                case 12 -> new SctpChunk.ShutdownComplete(flags, Bytes.EMPTY);
                default -> {
                    Bytes value = bytes(r, r.nextInt(12));
                    yield new SctpChunk.Unknown(15 + r.nextInt(100), flags, value, pad(value.length()));
                }
            };
            chunks.add(c);
        }
        return new Sctp(u16(r), u16(r), u32(r), r.nextInt(), chunks);
    }

    private static SctpChunk.InitFields init(Random r, List<SctpParameter> params) {
        return new SctpChunk.InitFields(u32(r), u32(r), u16(r), u16(r), u32(r), params);
    }

    private static Bytes pad(int length) {
        return Bytes.of(new byte[(4 - (length & 3)) & 3]);
    }

    private static Igmp igmp(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> new Igmp(0x12 + r.nextInt(6), r.nextInt(256), u16(r), new Igmp.Group(ip4(r)));
            case 1 -> new Igmp(Igmp.MEMBERSHIP_QUERY, r.nextInt(256), u16(r),
                    new Igmp.Query3(ip4(r), r.nextInt(256), r.nextInt(256), List.of(ip4(r), ip4(r))));
            default -> new Igmp(Igmp.V3_MEMBERSHIP_REPORT, r.nextInt(256), u16(r), new Igmp.Report3(u16(r),
                    List.of(new Igmp.GroupRecord(r.nextInt(256), ip4(r), List.of(ip4(r)), bytes(r, 8)))));
        };
    }

    private static Gre gre(Random r) {
        int flags = u16(r) & ~Gre.ROUTING_PRESENT;
        boolean cr = (flags & Gre.CHECKSUM_PRESENT) != 0;
        boolean ack = (flags & 7) == 1 && (flags & Gre.ACKNOWLEDGEMENT_PRESENT) != 0;
        return new Gre(flags, u16(r), cr ? u16(r) : 0, cr ? u16(r) : 0,
                (flags & Gre.KEY_PRESENT) != 0 ? u32(r) : 0,
                (flags & Gre.SEQUENCE_PRESENT) != 0 ? u32(r) : 0, ack ? u32(r) : 0, Bytes.EMPTY);
    }

    private static Vrrp vrrp(Random r) {
        int kind = r.nextInt(3);
        List<Ip4Address> v4 = kind == 2 ? List.of() : List.of(ip4(r), ip4(r));
        List<Ip6Address> v6 = kind == 2 ? List.of(ip6(r)) : List.of();
        return new Vrrp((kind == 0 ? 0x20 : 0x30) | r.nextInt(16), r.nextInt(256), r.nextInt(256), u16(r),
                u16(r), v4, v6, kind == 0 ? bytes(r, 8) : Bytes.EMPTY);
    }

    private static Lldp lldp(Random r) {
        return new Lldp(List.of(
                new LldpTlv.ChassisId(r.nextInt(256), bytes(r, 1 + r.nextInt(10))),
                new LldpTlv.PortId(r.nextInt(256), bytes(r, r.nextInt(10))),
                new LldpTlv.TimeToLive(u16(r)),
                new LldpTlv.Text(4 + r.nextInt(3), bytes(r, r.nextInt(20))),
                new LldpTlv.SystemCapabilities(u16(r), u16(r)),
                new LldpTlv.ManagementAddress(r.nextInt(256), bytes(r, 1 + r.nextInt(16)), r.nextInt(256), u32(r),
                        bytes(r, r.nextInt(5))),
                new LldpTlv.OrganizationallySpecific(r.nextInt(1 << 24), r.nextInt(256), bytes(r, r.nextInt(9))),
                new LldpTlv.Unknown(9 + r.nextInt(100), bytes(r, r.nextInt(9))),
                new LldpTlv.End()));
    }

    private static int u16(Random r) {
        return r.nextInt(0x10000);
    }

    private static long u32(Random r) {
        return r.nextInt() & 0xffff_ffffL;
    }

    private static Ip4Address ip4(Random r) {
        return new Ip4Address(r.nextInt());
    }

    private static Ip6Address ip6(Random r) {
        return new Ip6Address(r.nextLong(), r.nextLong());
    }

    private static Bytes bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Bytes.of(b);
    }
}
