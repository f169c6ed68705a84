package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Transport and leaf protocols against scapy: the packets scapy builds decode to the field values
 * scapy reports, and encode back to the same bytes.
 */
class LeafOracleTest {

    @TestFactory
    Stream<DynamicTest> decodedFieldsAgreeWithScapy() throws Exception {
        return ScapyLeafCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Header h = ScapyLeafCases.decode(c.layer(), c.bytes(), 0, c.bytes().length);
            check(c, h);
        }));
    }

    @TestFactory
    Stream<DynamicTest> encodeOfDecodeGivesTheBytesBack() throws Exception {
        return ScapyLeafCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Header h = ScapyLeafCases.decode(c.layer(), c.bytes(), 0, c.bytes().length);
            assertArrayEquals(Arrays.copyOf(c.bytes(), h.encodedLength()), h.encode());
            // Decoding the encoding gives the same value.
            byte[] again = h.encode();
            assertEquals(h, ScapyLeafCases.decode(c.layer(), again, 0, again.length));
        }));
    }

    private static void check(ScapyLeafCases.Case c, Header h) {
        switch (c.layer()) {
            case "tcp" -> checkTcp(c, (Tcp) h);
            case "udp" -> {
                Udp u = (Udp) h;
                assertEquals(c.num("sport"), u.sourcePort());
                assertEquals(c.num("dport"), u.destinationPort());
                assertEquals(c.num("len"), u.length());
                assertEquals(c.num("chksum"), u.checksum());
                assertEquals(c.num("len"), n(u.fields().get("ulen")));
            }
            case "sctp" -> checkSctp(c, (Sctp) h);
            case "icmp" -> checkIcmp(c, (Icmp) h);
            case "icmp6" -> checkIcmp6(c, (Icmp6) h);
            case "igmp" -> checkIgmp(c, (Igmp) h);
            case "gre" -> {
                Gre g = (Gre) h;
                assertEquals(c.num("C") == 1, g.checksumPresent());
                assertEquals(c.num("K") == 1, g.keyPresent());
                assertEquals(c.num("S") == 1, g.sequencePresent());
                assertEquals(c.num("version"), g.version());
                assertEquals(c.num("proto"), g.protocolType());
                assertEquals(c.num("chksum"), g.checksum());
                assertEquals(c.num("key"), g.key());
                assertEquals(c.num("sequence_number"), g.sequenceNumber());
                assertEquals(c.bytes().length - "inner".length(), g.encodedLength());
            }
            case "vrrp", "vrrp6" -> {
                Vrrp v = (Vrrp) h;
                assertEquals(c.num("version"), v.version());
                assertEquals(c.num("vrid"), v.virtualRouterId());
                assertEquals(c.num("priority"), v.priority());
                assertEquals(c.num("ipcount"), v.addressCount());
                assertEquals(c.num("chksum"), v.checksum());
                if (v.version() == 2) {
                    assertEquals(c.num("authtype"), v.authenticationType());
                    assertEquals(c.num("adv"), v.advertisementInterval());
                } else {
                    assertEquals(c.num("adv"), v.maximumAdvertisementInterval());
                }
                assertEquals(List.of(c.get("addrlist").split(",")), v.fields().get("addresses"));
                assertEquals(c.bytes().length, v.encodedLength());
            }
            case "lldp" -> {
                Lldp l = (Lldp) h;
                var f = l.fields();
                assertEquals(c.num("ttl"), n(f.get("ttl")));
                assertEquals(c.get("system_name"), f.get("system_name"));
                assertEquals(c.get("port_id"), f.get("port_id"));
                assertEquals(c.get("chassis_id").toUpperCase(), f.get("chassis_id"));
                assertEquals(c.get("tlvs"), l.tlvs().stream().map(t -> String.valueOf(t.type()))
                        .collect(Collectors.joining(",")));
                assertEquals("169.254.0.1", f.get("management_address"));
                var org = (LldpTlv.OrganizationallySpecific) l.tlvs().get(8);
                assertEquals(0x0080c2, org.oui());
                assertEquals(1, org.subtype());
            }
            case "802.1x" -> {
                Eapol e = (Eapol) h;
                assertEquals(c.num("version"), e.version());
                assertEquals(c.num("type"), e.type());
                assertEquals(c.num("len"), e.length());
                assertEquals(c.num("eap_code"), e.eapCode());
                assertEquals(c.num("eap_id"), e.eapIdentifier());
            }
            default -> throw new AssertionError("no check for " + c.layer());
        }
    }

    private static long n(Object number) {
        return ((Number) number).longValue();
    }

    private static void checkTcp(ScapyLeafCases.Case c, Tcp t) {
        assertEquals(c.num("sport"), t.sourcePort());
        assertEquals(c.num("dport"), t.destinationPort());
        assertEquals(c.num("seq"), t.sequenceNumber());
        assertEquals(c.num("ack"), t.acknowledgementNumber());
        assertEquals(c.num("dataofs"), t.dataOffset());
        // scapy's flags are the 9 flag bits; its reserved the 3 bits above them.
        assertEquals(c.num("flags"), t.flagBits() & 0x1ff);
        assertEquals(c.num("reserved"), t.reservedBits());
        assertEquals(c.num("window"), t.window());
        assertEquals(c.num("chksum"), t.checksum());
        assertEquals(c.num("urgptr"), t.urgentPointer());
        String kinds = t.decodedOptions().stream().map(o -> String.valueOf(o.kind()))
                .collect(Collectors.joining(","));
        assertEquals(c.get("kinds"), kinds);
        assertEquals(c.bytes().length - "data".length(), t.encodedLength());
        var f = t.fields();
        assertEquals(List.of("source_port", "destination_port", "flags", "seq", "ack", "win"),
                new ArrayList<>(f.keySet()).subList(0, 6));
        switch (c.name()) {
            case "tcp-syn" -> {
                assertEquals(List.of("syn"), f.get("flags"));
                assertEquals(List.of("mss 1460", "sackOK", "TS val 123456 ecr 0", "nop", "wscale 7"),
                        f.get("options"));
            }
            case "tcp-pa" -> assertEquals(List.of("psh", "ack"), f.get("flags"));
            case "tcp-all-flags" -> assertEquals(
                    List.of("fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns"), f.get("flags"));
            case "tcp-sack" -> assertEquals(new TcpOption.Sack(List.of(
                    new TcpOption.SackBlock(100, 200), new TcpOption.SackBlock(300, 400))),
                    t.decodedOptions().get(2));
            case "tcp-md5" -> assertEquals("0123456789abcdef", new String(
                    ((TcpOption.Md5Signature) t.decodedOptions().get(0)).digest().toArray()));
            case "tcp-unknown" -> assertEquals(new TcpOption.Unknown(30, Bytes.of(new byte[] {1, 2, 3})),
                    t.decodedOptions().get(0));
            default -> { }
        }
    }

    private static void checkSctp(ScapyLeafCases.Case c, Sctp s) {
        assertEquals(c.num("sport"), s.sourcePort());
        assertEquals(c.num("dport"), s.destinationPort());
        assertEquals(c.num("tag"), s.verificationTag());
        assertEquals(c.num("chksum"), s.checksum() & 0xffff_ffffL);
        assertEquals(c.get("types"), s.chunks().stream().map(k -> String.valueOf(k.type()))
                .collect(Collectors.joining(",")));
        assertEquals(c.bytes().length, s.encodedLength());
        SctpChunk first = s.chunks().get(0);
        switch (c.name()) {
            case "sctp-data" -> {
                var d = assertInstanceOf(SctpChunk.Data.class, first);
                assertEquals(10, d.transmissionSequenceNumber());
                assertEquals(1, d.streamIdentifier());
                assertEquals(2, d.streamSequenceNumber());
                assertEquals(3, d.payloadProtocolIdentifier());
                assertEquals("abcde", new String(d.userData().toArray()));
                assertEquals(3, d.flags());   // B and E
                assertEquals(3, d.padding().length());
            }
            case "sctp-init" -> {
                var i = assertInstanceOf(SctpChunk.Init.class, first).fields();
                assertEquals(1, i.initiateTag());
                assertEquals(65536, i.advertisedReceiverWindowCredit());
                assertEquals(10, i.outboundStreams());
                assertEquals(11, i.inboundStreams());
                assertEquals(5, i.initialTransmissionSequenceNumber());
                assertEquals(List.of(5, 9), i.parameters().stream().map(SctpParameter::type).toList());
            }
            case "sctp-init-ack" -> assertEquals("cookie!", new String(assertInstanceOf(
                    SctpChunk.InitAck.class, first).fields().parameters().get(0).value().toArray()));
            case "sctp-sack" -> {
                var k = assertInstanceOf(SctpChunk.Sack.class, first);
                assertEquals(100, k.cumulativeTsnAck());
                assertEquals(5000, k.advertisedReceiverWindowCredit());
                assertEquals(List.of(new SctpChunk.GapAckBlock(2, 3), new SctpChunk.GapAckBlock(5, 9)),
                        k.gapAckBlocks());
                assertEquals(List.of(77L), k.duplicateTsns());
            }
            case "sctp-heartbeat" -> assertEquals("hb-info", new String(assertInstanceOf(
                    SctpChunk.Heartbeat.class, first).parameters().get(0).value().toArray()));
            case "sctp-heartbeat-ack" -> assertInstanceOf(SctpChunk.HeartbeatAck.class, first);
            case "sctp-abort" -> {
                var a = assertInstanceOf(SctpChunk.Abort.class, first);
                assertEquals(1, a.flags());
                assertEquals(12, a.errorCauses().get(0).type());
            }
            case "sctp-shutdown" -> assertEquals(1234,
                    assertInstanceOf(SctpChunk.Shutdown.class, first).cumulativeTsnAck());
            case "sctp-shutdown-ack" -> assertInstanceOf(SctpChunk.ShutdownAck.class, first);
            case "sctp-error" -> assertEquals(1,
                    assertInstanceOf(SctpChunk.OperationError.class, first).errorCauses().get(0).type());
            case "sctp-cookie-echo" -> assertEquals("abcdefg", new String(
                    assertInstanceOf(SctpChunk.CookieEcho.class, first).cookie().toArray()));
            case "sctp-cookie-ack-data" -> {
                assertInstanceOf(SctpChunk.CookieAck.class, first);
                assertInstanceOf(SctpChunk.Data.class, s.chunks().get(1));
            }
            case "sctp-shutdown-complete" -> assertEquals(1,
                    assertInstanceOf(SctpChunk.ShutdownComplete.class, first).flags());
            case "sctp-unknown" -> assertEquals(15,
                    assertInstanceOf(SctpChunk.Unknown.class, first).type());
            default -> { }
        }
    }

    private static void checkIcmp(ScapyLeafCases.Case c, Icmp i) {
        assertEquals(c.num("type"), i.type());
        assertEquals(c.num("code"), i.code());
        assertEquals(c.num("chksum"), i.checksum());
        var f = i.fields();
        assertEquals(c.num("type"), n(f.get("type")));
        assertEquals(c.num("code"), n(f.get("code")));
        if (!c.get("id").equals("None")) {
            assertEquals(c.num("id"), i.identifier());
            assertEquals(c.num("seq"), i.sequenceNumber());
        }
        if (!c.get("gw").equals("None")) {
            assertEquals(c.get("gw"), i.gateway().toString());
        }
        if (!c.get("nexthopmtu").equals("None")) {
            assertEquals(c.num("nexthopmtu"), i.nextHopMtu());
        }
        if (!c.get("ptr").equals("None")) {
            assertEquals(c.num("ptr"), i.pointer());
        }
        if (!c.get("ts_ori").equals("None")) {
            assertEquals(c.num("ts_ori"), i.originateTimestamp());
            assertEquals(c.num("ts_rx"), i.receiveTimestamp());
            assertEquals(c.num("ts_tx"), i.transmitTimestamp());
        }
        if (!c.get("addr_mask").equals("None")) {
            assertEquals(c.get("addr_mask"), i.addressMask().toString());
        }
        // The quoted datagram or echo data stays payload.
        assertEquals(c.bytes().length - "payload!".length(), i.encodedLength());
    }

    private static void checkIcmp6(ScapyLeafCases.Case c, Icmp6 i) {
        assertEquals(c.num("type"), i.type());
        assertEquals(c.num("code"), i.code());
        assertEquals(c.num("cksum"), i.checksum());
        Icmp6Body b = i.body();
        switch (c.name()) {
            case "icmp6-echo" -> {
                var e = assertInstanceOf(Icmp6Body.Echo.class, b);
                assertEquals(c.num("id"), e.identifier());
                assertEquals(c.num("seq"), e.sequenceNumber());
                assertEquals(8, i.encodedLength());
            }
            case "icmp6-too-big" -> assertEquals(c.num("mtu"),
                    assertInstanceOf(Icmp6Body.PacketTooBig.class, b).mtu());
            case "icmp6-param" -> assertEquals(c.num("ptr"),
                    assertInstanceOf(Icmp6Body.ParameterProblem.class, b).pointer());
            case "icmp6-unreach" -> assertInstanceOf(Icmp6Body.RestOfHeader.class, b);
            case "icmp6-ns" -> {
                var n = assertInstanceOf(Icmp6Body.NeighborSolicitation.class, b);
                assertEquals(c.get("tgt"), n.targetAddress().toString());
                var o = assertInstanceOf(NdOption.SourceLinkLayerAddress.class, n.options().get(0));
                assertEquals(MacAddress.parse("02:00:00:00:00:01"), o.macAddress());
            }
            case "icmp6-na" -> {
                var n = assertInstanceOf(Icmp6Body.NeighborAdvertisement.class, b);
                assertEquals(c.num("R") == 1, n.router());
                assertEquals(c.num("S") == 1, n.solicited());
                assertEquals(c.num("O") == 1, n.override());
                assertEquals(c.get("tgt"), n.targetAddress().toString());
            }
            case "icmp6-ra" -> {
                var r = assertInstanceOf(Icmp6Body.RouterAdvertisement.class, b);
                assertEquals(c.num("chlim"), r.currentHopLimit());
                assertEquals(c.num("M"), r.flags() >>> 7);
                assertEquals(c.num("routerlifetime"), r.routerLifetime());
                assertEquals(c.num("reachabletime"), r.reachableTime());
                assertEquals(c.num("retranstimer"), r.retransmitTimer());
                var p = assertInstanceOf(NdOption.PrefixInformation.class, r.options().get(0));
                assertEquals(Ip6Address.parse("fd00:1::"), p.prefix());
                assertEquals(64, p.prefixLength());
                assertEquals(86400, p.validLifetime());
                assertEquals(1500, assertInstanceOf(NdOption.Mtu.class, r.options().get(1)).mtu());
            }
            case "icmp6-redirect" -> {
                var r = assertInstanceOf(Icmp6Body.Redirect.class, b);
                assertEquals(c.get("tgt"), r.targetAddress().toString());
                assertEquals(c.get("dst"), r.destinationAddress().toString());
                assertInstanceOf(NdOption.RedirectedHeader.class, r.options().get(0));
            }
            case "icmp6-mld-query", "icmp6-mld-report", "icmp6-mld-done" -> {
                var m = assertInstanceOf(Icmp6Body.Mld.class, b);
                assertEquals(c.get("mladdr"), m.multicastAddress().toString());
                if (c.scapy().containsKey("mrd")) {
                    assertEquals(c.num("mrd"), m.maximumResponseDelay());
                }
            }
            case "icmp6-mld2-query" -> {
                var q = assertInstanceOf(Icmp6Body.Mld2Query.class, b);
                assertEquals(c.num("mrd"), q.maximumResponseCode());
                assertEquals(c.get("mladdr"), q.multicastAddress().toString());
                assertEquals(c.num("QRV"), q.flags() & 7);
                assertEquals(c.num("QQIC"), q.queryIntervalCode());
                assertEquals(c.num("sources_number"), q.sources().size());
            }
            case "icmp6-mld2-report" -> {
                var r = assertInstanceOf(Icmp6Body.Mld2Report.class, b);
                assertEquals(c.num("records_number"), r.records().size());
                assertEquals(List.of(Ip6Address.parse("fd00::9")), r.records().get(1).sources());
            }
            case "icmp6-rs" -> assertInstanceOf(Icmp6Body.RouterSolicitation.class, b);
            default -> throw new AssertionError("no check for " + c.name());
        }
        if (c.scapy().containsKey("opts")) {
            assertEquals(c.get("opts"), ((List<?>) i.fields().get("options")).stream()
                    .map(String::valueOf).collect(Collectors.joining(",")));
            assertEquals(c.bytes().length, i.encodedLength());
        }
        assertTrue(i.fields().get("type_name") instanceof String);
    }

    private static void checkIgmp(ScapyLeafCases.Case c, Igmp g) {
        assertEquals(c.num("type"), g.type());
        assertEquals(c.num("chksum"), g.checksum());
        if (c.scapy().containsKey("mrcode")) {
            assertEquals(c.num("mrcode"), g.maxResponseCode());
        }
        if (g.message() instanceof Igmp.Group grp) {
            assertEquals(c.get("gaddr"), grp.groupAddress().toString());
            assertEquals(8, g.encodedLength());
        } else if (g.message() instanceof Igmp.Query3 q) {
            assertEquals(c.get("gaddr"), q.groupAddress().toString());
            assertEquals(c.num("qrv"), q.querierRobustnessVariable());
            assertEquals(c.num("qqic"), q.queryIntervalCode());
            assertEquals(c.num("numsrc"), q.sources().size());
            assertEquals(c.bytes().length, g.encodedLength());
        } else {
            var r = assertInstanceOf(Igmp.Report3.class, g.message());
            assertEquals(c.num("numgrp"), r.records().size());
            assertEquals(List.of(Ip4Address.parse("169.254.3.3")), r.records().get(1).sources());
            assertEquals(c.bytes().length, g.encodedLength());
        }
    }
}
