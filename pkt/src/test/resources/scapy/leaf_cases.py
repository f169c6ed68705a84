# Builds transport and leaf protocol packets with scapy and prints, per case, one line:
#   <name> <layer> <hex of that layer's bytes to the end of the packet> <field>=<value> ...
# The field values are scapy's own, read back from the built packet (the test's oracle).
import sys
import logging
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import *
from scapy.contrib.igmp import IGMP
from scapy.contrib.igmpv3 import IGMPv3, IGMPv3mq, IGMPv3mr, IGMPv3gr
from scapy.contrib.lldp import *


def out(name, layer, pkt, cls, **fields):
    built = pkt.__class__(raw(pkt))   # re-dissect, so lengths and checksums are the final ones
    part = built[cls]
    vals = " ".join("%s=%s" % (k, v(part) if callable(v) else v) for k, v in fields.items())
    print(name, layer, raw(part).hex(), vals)


def opts(t):
    kinds = {"EOL": 0, "NOP": 1, "MSS": 2, "WScale": 3, "SAckOK": 4, "SAck": 5, "Timestamp": 8, "MD5": 19}
    return ",".join(str(kinds.get(o[0], o[0])) for o in t.options)


def tcp(name, **kw):
    p = IP(src="169.254.0.1", dst="169.254.0.2") / TCP(**kw) / b"data"
    out(name, "tcp", p, TCP, sport=lambda t: t.sport, dport=lambda t: t.dport, seq=lambda t: t.seq,
        ack=lambda t: t.ack, dataofs=lambda t: t.dataofs, flags=lambda t: int(t.flags),
        reserved=lambda t: t.reserved, window=lambda t: t.window, chksum=lambda t: t.chksum,
        urgptr=lambda t: t.urgptr, kinds=opts)


tcp("tcp-syn", sport=40000, dport=80, seq=1, flags="S", window=64240,
    options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (123456, 0)), ("NOP", None), ("WScale", 7)])
tcp("tcp-pa", sport=80, dport=40000, seq=4294967295, ack=2, flags="PA", window=501)
tcp("tcp-all-flags", sport=1, dport=65535, seq=7, ack=8, flags="FSRPAUECN", urgptr=9, reserved=5)
tcp("tcp-sack", sport=2, dport=3, flags="A", options=[("NOP", None), ("NOP", None), ("SAck", (100, 200, 300, 400))])
tcp("tcp-md5", sport=179, dport=50000, flags="S", options=[("MD5", b"0123456789abcdef"), ("EOL", None)])
tcp("tcp-unknown", sport=5, dport=6, flags="S", options=[(30, b"\x01\x02\x03"), ("EOL", None)])

for name, sport, dport, data in [("udp-dns", 53, 5353, b"hello"), ("udp-empty", 0, 65535, b"")]:
    p = IP(src="169.254.0.1", dst="169.254.0.2") / UDP(sport=sport, dport=dport) / data
    out(name, "udp", p, UDP, sport=lambda u: u.sport, dport=lambda u: u.dport, len=lambda u: u.len,
        chksum=lambda u: u.chksum)


def sctp(name, *chunks):
    p = IP(src="169.254.0.1", dst="169.254.0.2") / SCTP(sport=2905, dport=2906, tag=0xdeadbeef)
    for c in chunks:
        p = p / c
    def types(s):
        t, c = [], s.payload
        while c and not isinstance(c, (Raw, NoPayload)):
            t.append(str(c.type)); c = c.payload
        return ",".join(t)
    out(name, "sctp", p, SCTP, sport=lambda s: s.sport, dport=lambda s: s.dport, tag=lambda s: s.tag,
        chksum=lambda s: s.chksum, types=types)


sctp("sctp-data", SCTPChunkData(tsn=10, stream_id=1, stream_seq=2, proto_id=3, data=b"abcde", beginning=1, ending=1))
sctp("sctp-init", SCTPChunkInit(init_tag=1, a_rwnd=65536, n_out_streams=10, n_in_streams=11, init_tsn=5,
                                params=[SCTPChunkParamIPv4Addr(addr="169.254.0.1"), SCTPChunkParamCookiePreservative(sug_cookie_inc=1000)]))
sctp("sctp-init-ack", SCTPChunkInitAck(init_tag=2, a_rwnd=1000, n_out_streams=1, n_in_streams=1, init_tsn=9,
                                       params=[SCTPChunkParamStateCookie(cookie=b"cookie!")]))
sctp("sctp-sack", SCTPChunkSACK(cumul_tsn_ack=100, a_rwnd=5000, gap_ack_list=["2:3", "5:9"], dup_tsn_list=[77]))
sctp("sctp-heartbeat", SCTPChunkHeartbeatReq(params=[SCTPChunkParamHeartbeatInfo(data=b"hb-info")]))
sctp("sctp-heartbeat-ack", SCTPChunkHeartbeatAck(params=[SCTPChunkParamHeartbeatInfo(data=b"hb")]))
sctp("sctp-abort", SCTPChunkAbort(TCB=1, error_causes=b"\x00\x0c\x00\x06ab\x00\x00"))
sctp("sctp-shutdown", SCTPChunkShutdown(cumul_tsn_ack=1234))
sctp("sctp-shutdown-ack", SCTPChunkShutdownAck())
sctp("sctp-error", SCTPChunkError(error_causes=b"\x00\x01\x00\x08\x00\x05\x00\x00"))
sctp("sctp-cookie-echo", SCTPChunkCookieEcho(cookie=b"abcdefg"))
sctp("sctp-cookie-ack-data", SCTPChunkCookieAck(), SCTPChunkData(tsn=1, data=b"x"))
sctp("sctp-shutdown-complete", SCTPChunkShutdownComplete(TCB=1))
sctp("sctp-unknown", SCTPChunkAuthentication(shared_key_id=1, HMAC_function=1, HMAC=b"0123456789abcdef0123"))


def icmp(name, **kw):
    p = IP(src="169.254.0.1", dst="169.254.0.2") / ICMP(**kw) / b"payload!"
    out(name, "icmp", p, ICMP, type=lambda i: i.type, code=lambda i: i.code, chksum=lambda i: i.chksum,
        id=lambda i: i.id, seq=lambda i: i.seq, gw=lambda i: i.gw, nexthopmtu=lambda i: i.nexthopmtu,
        ptr=lambda i: i.ptr, ts_ori=lambda i: i.ts_ori, ts_rx=lambda i: i.ts_rx, ts_tx=lambda i: i.ts_tx,
        addr_mask=lambda i: i.addr_mask)


icmp("icmp-echo", type=8, id=0x1234, seq=7)
icmp("icmp-reply", type=0, id=1, seq=65535)
icmp("icmp-frag-needed", type=3, code=4, nexthopmtu=1400)
icmp("icmp-redirect", type=5, code=1, gw="169.254.9.9")
icmp("icmp-time-exceeded", type=11, code=0)
icmp("icmp-param-problem", type=12, ptr=20)
icmp("icmp-timestamp", type=13, id=3, seq=4, ts_ori=1000, ts_rx=2000, ts_tx=3000)
icmp("icmp-mask-reply", type=18, id=5, seq=6, addr_mask="255.255.255.0")

V6 = IPv6(src="fd00::1", dst="fd00::2")


def icmp6(name, msg, cls, **fields):
    fields = dict(type=lambda m: m.type, code=lambda m: getattr(m, "code", 0), cksum=lambda m: m.cksum, **fields)
    out(name, "icmp6", V6 / msg, cls, **fields)


icmp6("icmp6-echo", ICMPv6EchoRequest(id=9, seq=10, data=b"ping"), ICMPv6EchoRequest, id=lambda m: m.id, seq=lambda m: m.seq)
icmp6("icmp6-too-big", ICMPv6PacketTooBig(mtu=1280) / IPv6(src="fd00::2", dst="fd00::3"), ICMPv6PacketTooBig, mtu=lambda m: m.mtu)
icmp6("icmp6-param", ICMPv6ParamProblem(code=1, ptr=40) / IPv6(), ICMPv6ParamProblem, ptr=lambda m: m.ptr)
icmp6("icmp6-unreach", ICMPv6DestUnreach(code=3) / IPv6(), ICMPv6DestUnreach)
icmp6("icmp6-ns", ICMPv6ND_NS(tgt="fd00::99") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01"), ICMPv6ND_NS,
      tgt=lambda m: m.tgt, opts="1")
icmp6("icmp6-na", ICMPv6ND_NA(R=0, S=1, O=1, tgt="fd00::1") / ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02"), ICMPv6ND_NA,
      R=lambda m: m.R, S=lambda m: m.S, O=lambda m: m.O, tgt=lambda m: m.tgt, opts="2")
icmp6("icmp6-rs", ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:03"), ICMPv6ND_RS, opts="1")
icmp6("icmp6-ra", ICMPv6ND_RA(chlim=64, M=1, O=0, routerlifetime=1800, reachabletime=30000, retranstimer=1000)
      / ICMPv6NDOptPrefixInfo(prefix="fd00:1::", prefixlen=64, validlifetime=86400, preferredlifetime=14400)
      / ICMPv6NDOptMTU(mtu=1500), ICMPv6ND_RA,
      chlim=lambda m: m.chlim, M=lambda m: m.M, routerlifetime=lambda m: m.routerlifetime,
      reachabletime=lambda m: m.reachabletime, retranstimer=lambda m: m.retranstimer, opts="3,5")
icmp6("icmp6-redirect", ICMPv6ND_Redirect(tgt="fd00::7", dst="fd00::8") / ICMPv6NDOptRedirectedHdr(pkt=IPv6(src="fd00::8", dst="fd00::9")),
      ICMPv6ND_Redirect, tgt=lambda m: m.tgt, dst=lambda m: m.dst, opts="4")
icmp6("icmp6-mld-query", ICMPv6MLQuery(mrd=10000, mladdr="ff02::1:3"), ICMPv6MLQuery,
      mrd=lambda m: m.mrd, mladdr=lambda m: m.mladdr)
icmp6("icmp6-mld-report", ICMPv6MLReport(mladdr="ff02::1:3"), ICMPv6MLReport, mladdr=lambda m: m.mladdr)
icmp6("icmp6-mld-done", ICMPv6MLDone(mladdr="ff02::1:3"), ICMPv6MLDone, mladdr=lambda m: m.mladdr)
icmp6("icmp6-mld2-query", ICMPv6MLQuery2(mrd=1000, mladdr="ff02::1:3", QRV=2, QQIC=125, sources=["fd00::5", "fd00::6"]),
      ICMPv6MLQuery2, mrd=lambda m: m.mrd, mladdr=lambda m: m.mladdr, QRV=lambda m: m.QRV, QQIC=lambda m: m.QQIC,
      sources_number=lambda m: m.sources_number)
icmp6("icmp6-mld2-report", ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst="ff02::fb"),
                                                    ICMPv6MLDMultAddrRec(rtype=1, dst="ff02::fc", sources=["fd00::9"])]),
      ICMPv6MLReport2, records_number=lambda m: m.records_number)

for name, msg, cls, extra in [
    ("igmp-v2-report", IGMP(type=0x16, gaddr="239.1.2.3"), IGMP, dict(gaddr=lambda m: m.gaddr, mrcode=lambda m: m.mrcode)),
    ("igmp-v2-query", IGMP(type=0x11, mrcode=100, gaddr="0.0.0.0"), IGMP, dict(gaddr=lambda m: m.gaddr, mrcode=lambda m: m.mrcode)),
    ("igmp-leave", IGMP(type=0x17, gaddr="239.1.2.3"), IGMP, dict(gaddr=lambda m: m.gaddr, mrcode=lambda m: m.mrcode)),
    ("igmp-v3-query", IGMPv3(type=0x11, mrcode=20) / IGMPv3mq(gaddr="239.9.9.9", qrv=2, qqic=125, srcaddrs=["169.254.1.1", "169.254.1.2"]),
     IGMPv3, dict(mrcode=lambda m: m.mrcode, gaddr=lambda m: m[IGMPv3mq].gaddr, qrv=lambda m: m[IGMPv3mq].qrv,
                  qqic=lambda m: m[IGMPv3mq].qqic, numsrc=lambda m: m[IGMPv3mq].numsrc)),
    ("igmp-v3-report", IGMPv3(type=0x22) / IGMPv3mr(records=[IGMPv3gr(rtype=2, maddr="239.1.1.1"),
                                                          IGMPv3gr(rtype=4, maddr="239.1.1.2", srcaddrs=["169.254.3.3"])]),
     IGMPv3, dict(numgrp=lambda m: m[IGMPv3mr].numgrp)),
]:
    fields = dict(type=lambda m: m.type, chksum=lambda m: m.chksum, **extra)
    out(name, "igmp", IP(src="169.254.0.1", dst="224.0.0.22") / msg, cls, **fields)

for name, g in [("gre-plain", GRE(proto=0x0800)),
                ("gre-key-seq", GRE(key_present=1, seqnum_present=1, key=0xabcdef01, sequence_number=42, proto=0x86dd)),
                ("gre-checksum", GRE(chksum_present=1, proto=0x6558))]:
    out(name, "gre", IP(src="169.254.0.1", dst="169.254.0.2") / g / b"inner", GRE,
        C=lambda m: m.chksum_present, K=lambda m: m.key_present, S=lambda m: m.seqnum_present,
        version=lambda m: m.version, proto=lambda m: m.proto, chksum=lambda m: m.chksum or 0,
        key=lambda m: m.key or 0, sequence_number=lambda m: m.sequence_number or 0)

out("vrrp-v2", "vrrp", IP(src="169.254.0.1", dst="224.0.0.18") / VRRP(vrid=5, priority=200, adv=1, addrlist=["169.254.0.10", "169.254.0.11"]),
    VRRP, version=lambda m: m.version, vrid=lambda m: m.vrid, priority=lambda m: m.priority, ipcount=lambda m: m.ipcount,
    authtype=lambda m: m.authtype, adv=lambda m: m.adv, chksum=lambda m: m.chksum, addrlist=lambda m: ",".join(m.addrlist))
out("vrrp-v3", "vrrp", IP(src="169.254.0.1", dst="224.0.0.18") / VRRPv3(vrid=6, priority=100, adv=100, addrlist=["169.254.0.12"]),
    VRRPv3, version=lambda m: m.version, vrid=lambda m: m.vrid, priority=lambda m: m.priority, ipcount=lambda m: m.ipcount,
    adv=lambda m: m.adv, chksum=lambda m: m.chksum, addrlist=lambda m: ",".join(m.addrlist))
out("vrrp-v3-ipv6", "vrrp6", IPv6(src="fe80::1", dst="ff02::12") / VRRPv3(vrid=7, priority=100, adv=100, addrlist=["fd00::12", "fd00::13"]),
    VRRPv3, version=lambda m: m.version, vrid=lambda m: m.vrid, priority=lambda m: m.priority, ipcount=lambda m: m.ipcount,
    adv=lambda m: m.adv, chksum=lambda m: m.chksum, addrlist=lambda m: ",".join(m.addrlist))

lldp = (LLDPDUChassisID(subtype=4, id="00:11:22:33:44:55") / LLDPDUPortID(subtype=5, id=b"eth0")
        / LLDPDUTimeToLive(ttl=120) / LLDPDUPortDescription(description=b"uplink")
        / LLDPDUSystemName(system_name=b"switch-1") / LLDPDUSystemDescription(description=b"a switch")
        / LLDPDUSystemCapabilities(mac_bridge_available=1, mac_bridge_enabled=1, router_available=1)
        / LLDPDUManagementAddress(management_address_subtype=1, management_address=b"\xa9\xfe\x00\x01",
                                  interface_numbering_subtype=2, interface_number=3)
        / LLDPDUGenericOrganisationSpecific(org_code=0x0080c2, subtype=1, data=b"\x00\x01")
        / LLDPDUEndOfLLDPDU())
out("lldp", "lldp", Ether(src="02:00:00:00:00:01", dst="01:80:c2:00:00:0e") / lldp, LLDPDUChassisID,
    ttl=120, system_name="switch-1", port_id="eth0", chassis_id="00:11:22:33:44:55", tlvs="1,2,3,4,5,6,7,8,127,0")

for name, e in [("eapol-identity", EAPOL(version=2, type=0) / EAP(code=1, id=5, type=1, identity=b"user")),
                ("eapol-start", EAPOL(version=1, type=1)),
                ("eapol-success", EAPOL(version=2, type=0) / EAP(code=3, id=6))]:
    out(name, "802.1x", Ether(src="02:00:00:00:00:01", dst="01:80:c2:00:00:03") / e, EAPOL,
        version=lambda m: m.version, type=lambda m: m.type, len=lambda m: m.len,
        eap_code=lambda m: m[EAP].code if EAP in m else -1, eap_id=lambda m: m[EAP].id if EAP in m else -1)
