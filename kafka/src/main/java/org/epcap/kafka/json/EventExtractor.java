package org.epcap.kafka.json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.epcap.flow.CommunityId;
import org.epcap.flow.LinkLayer;
import org.epcap.flow.PacketSink;
import org.epcap.flow.quic.QuicHelloAssembler;
import org.epcap.flow.tcp.ConnectionKey;
import org.epcap.flow.tcp.EndReason;
import org.epcap.flow.tcp.GapReason;
import org.epcap.flow.tcp.Side;
import org.epcap.flow.tcp.StreamHandler;
import org.epcap.flow.tcp.TcpConnection;
import org.epcap.flow.tcp.TcpReassembler;
import org.epcap.pkt.DecodeException;
import org.epcap.pkt.Dns;
import org.epcap.pkt.DnsQuestion;
import org.epcap.pkt.DnsRecord;
import org.epcap.pkt.DnsType;
import org.epcap.pkt.FastDecoder;
import org.epcap.pkt.Pkt;
import org.epcap.pkt.Quic;
import org.epcap.pkt.TlsHello;

/**
 * Finds application events in packets and reports each as an {@link Event} with its ECS JSON
 * ({@link EventJson}): DNS messages over UDP (ports 53, 5353, 5355) and TCP (port 53), TLS
 * ClientHellos and ServerHellos (SNI, ALPN, JA3, JA3S, JA4), QUIC's ClientHellos on UDP 443 (in
 * the client's Initial packets, one or several: {@link QuicHelloAssembler}; JA4 with 'q'),
 * HTTP/1.x requests (method, target, Host, User-Agent) and responses (status, Content-Type, Content-Length, Server, paired in order
 * with the request each answers). Every event carries its flow's Community ID, with the seed of the
 * {@link ExtractorConfig}: give it the flow table's, and events join their flow records.
 *
 * <p>It is a {@link PacketSink}, fed like the flow table (put a defragmenter in front for
 * fragmented DNS). TCP goes through the flow module's {@link TcpReassembler}, so hellos and
 * requests that span segments, arrive out of order or are retransmitted are read as the
 * endpoints saw them. Each direction of a connection is read by what its first byte says: a TLS
 * handshake record, an HTTP request (client side) or response (server side), DNS on port 53, or nothing (then nothing
 * of it is held).
 *
 * <pre>{@code
 * EventExtractor events = new EventExtractor(ExtractorConfig.defaults(), (event, json) ->
 *         producer.send(new ProducerRecord<>("events", event.endpoints().communityId(), json)));
 * try (PcapReader r = PcapReader.open(Path.of("trace.pcap"))) {
 *     for (RecordView v; (v = r.nextView()) != null; ) {
 *         events.accept(v.dataLinkType(), v.timeNanos(), v.array(), v.offset(), v.caplen());
 *     }
 * }
 * events.flush();                        // ends the open connections: their pending data is read
 * System.out.println(events.stats());
 * }</pre>
 *
 * <p>Memory is bounded: the reassembler by its {@link ExtractorConfig#reassembly()} config, the
 * parsers by their own caps and one shared budget ({@link ExtractorConfig#maxBufferBytes()}).
 * What a bound cuts or gives up is counted in {@link #stats()}. Not thread-safe: one thread feeds
 * it, and the handler runs on that thread.
 */
public final class EventExtractor implements PacketSink {
    private static final int DNS = 53;
    private static final int MDNS = 5353;
    private static final int LLMNR = 5355;
    private static final int QUIC = 443;
    /**
     * The most requests of one connection held (method and target) waiting for their responses;
     * their characters are also taken from the parsers' shared budget. Past either the
     * connection's requests are no longer paired ({@code httpRequestsNotQueued}): the held ones
     * are dropped, and its responses are reported without a request, never with the wrong one.
     */
    public static final int MAX_PENDING_REQUESTS = 64;
    /** A direction that is not read (not a protocol here, or given up on). */
    private static final Object IGNORED = new Object();

    private final ExtractorConfig config;
    private final EventHandler handler;
    private final TcpReassembler reassembler;
    private final FastDecoder fast = new FastDecoder();
    private final QuicHelloAssembler quic;
    private final ExtractorCounters counters = new ExtractorCounters();
    private final Budget budget;
    private final EventJson json = new EventJson();
    /** Capture time of the packet being read: the time of events it completes. */
    private long now = Long.MIN_VALUE;

    public EventExtractor(ExtractorConfig config, EventHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.budget = new Budget(config.maxBufferBytes());
        this.reassembler = new TcpReassembler(config.reassembly(), new Streams());
        this.quic = new QuicHelloAssembler(QuicHelloAssembler.DEFAULT_MAX_CONNECTIONS, config.maxHelloBytes(),
                Math.max(config.maxHelloBytes(), QuicHelloAssembler.DEFAULT_MAX_BYTES_HELD));
    }

    @Override
    public void accept(int dataLinkType, long timeNanos, byte[] data, int offset, int length) {
        counters.packets++;
        now = timeNanos;
        int layers = LinkLayer.decode(fast, dataLinkType, data, offset, length);
        if ((layers & (FastDecoder.IPV4 | FastDecoder.IPV6)) == 0) {
            counters.packetsNotIp++;
            return;
        }
        if ((layers & FastDecoder.FRAGMENT) != 0) {
            counters.fragments++;
            return;
        }
        if ((layers & FastDecoder.TCP) != 0) {
            reassembler.acceptDecoded(timeNanos, fast, layers, data);
        } else if ((layers & FastDecoder.UDP) != 0) {
            int sp = fast.sourcePort();
            int dp = fast.destinationPort();
            if (isDnsPort(sp) || isDnsPort(dp)) {
                int from = fast.payloadOffset();
                int to = Math.min(from + fast.payloadLength(), offset + length);
                // the decoder's payload ends where the capture does; UDP's length says where the message does
                boolean cut = to - from < fast.udpLength() - 8;
                Dns dns;
                try {
                    dns = Dns.decode(data, from, to);
                    cut = false;
                } catch (DecodeException e) {
                    dns = cut ? wholeRecords(data, from, to) : null;
                    if (dns == null) {
                        counters.dnsMalformed++;
                        return;
                    }
                    counters.dnsTruncated++;
                }
                boolean v6 = (layers & FastDecoder.IPV6) != 0;
                byte[] src = v6 ? bytes(fast.ipv6SourceHigh(), fast.ipv6SourceLow()) : bytes(fast.ipv4Source());
                byte[] dst = v6 ? bytes(fast.ipv6DestinationHigh(), fast.ipv6DestinationLow())
                        : bytes(fast.ipv4Destination());
                dns(dns, endpoints(v6, 17, src, sp, dst, dp), sp == MDNS || dp == MDNS, cut);
            } else if ((sp == QUIC || dp == QUIC)
                    && Quic.startsLongHeader(data, fast.payloadOffset(), offset + length)) {
                quic(dataLinkType, data, offset, length, (layers & FastDecoder.IPV6) != 0, sp, dp);
            }
        }
    }

    // A client's Initial packets: their ClientHello once whole (QuicHelloAssembler), as a TLS hello.
    private void quic(int dataLinkType, byte[] data, int offset, int length, boolean v6, int sp, int dp) {
        TlsHello h = quic.accept(Pkt.decode(dataLinkType, data, offset, length));
        if (h == null) {
            return;
        }
        counters.tlsHellos++;
        byte[] src = v6 ? bytes(fast.ipv6SourceHigh(), fast.ipv6SourceLow()) : bytes(fast.ipv4Source());
        byte[] dst = v6 ? bytes(fast.ipv6DestinationHigh(), fast.ipv6DestinationLow()) : bytes(fast.ipv4Destination());
        emit(new TlsHelloEvent(now, endpoints(v6, 17, src, sp, dst, dp), true, null, h.serverName(), h.alpn(), h.ja3(),
                h.ja3Text(), h.ja4('q')));
    }

    /**
     * Moves packet time to {@code timeNanos} (never back): the reassembler ends connections idle
     * that long. Call it in quiet periods of a live capture.
     */
    public void advanceTo(long timeNanos) {
        reassembler.advanceTime(timeNanos);
    }

    /** Ends every open connection, reading what it still holds (end of a file or capture). */
    public void flush() {
        reassembler.flush();
    }

    /** The counts now. */
    public ExtractorStats stats() {
        return counters.snapshot(budget, reassembler.stats(), quic);
    }

    /** Its configuration. */
    public ExtractorConfig config() {
        return config;
    }

    private static boolean isDnsPort(int port) {
        return port == DNS || port == MDNS || port == LLMNR;
    }

    private Endpoints endpoints(boolean v6, int protocol, byte[] src, int sp, byte[] dst, int dp) {
        return new Endpoints(v6 ? 6 : 4, protocol, EcsValues.ip(src), sp, EcsValues.ip(dst), dp,
                CommunityId.v1(config.communityIdSeed(), protocol, src, sp, dst, dp));
    }

    private void emit(Event e) {
        counters.events++;
        handler.onEvent(e, json.toJson(e));
    }

    // ---- DNS

    /**
     * A message the snapshot length cut, read as far as it is whole: its header, its questions and
     * the answers before the cut (the codec reads only whole messages, so this reads a copy whose
     * header counts no more than that). Null when not even the questions are whole.
     */
    static Dns wholeRecords(byte[] data, int from, int to) {
        if (to - from < 12) {
            return null;
        }
        byte[] m = java.util.Arrays.copyOfRange(data, from, to);
        int answers = ((m[6] & 0xff) << 8) | (m[7] & 0xff);
        java.util.Arrays.fill(m, 8, 12, (byte) 0);
        // Whether k answers decode is monotonic in k: a binary search takes O(log n) decodes
        // however large a hostile count is.
        Dns best = null;
        int lo = 0;
        int hi = answers;
        while (lo <= hi) {
            int k = (lo + hi) >>> 1;
            m[6] = (byte) (k >>> 8);
            m[7] = (byte) k;
            try {
                best = Dns.decode(m, 0, m.length);
                lo = k + 1;
            } catch (DecodeException e) {
                hi = k - 1;
            }
        }
        if (best != null) {
            // the decode that succeeded last may not be the largest k tried: decode that one again
            m[6] = (byte) (hi >>> 8);
            m[7] = (byte) hi;
            try {
                best = Dns.decode(m, 0, m.length);
            } catch (DecodeException e) {
                return null;
            }
            // the header's own answer count, for the event
            m[6] = (byte) (answers >>> 8);
            m[7] = (byte) answers;
        }
        return best;
    }

    private void dns(Dns d, Endpoints where, boolean mdns, boolean cut) {
        counters.dnsMessages++;
        int flags = d.flags();
        List<String> header = new ArrayList<>(7);
        addIf(header, flags, 0x0400, "AA");
        addIf(header, flags, 0x0200, "TC");
        addIf(header, flags, 0x0100, "RD");
        addIf(header, flags, 0x0080, "RA");
        addIf(header, flags, 0x0020, "AD");
        addIf(header, flags, 0x0010, "CD");
        int rcode = d.rcode();
        for (DnsRecord rr : d.additionals()) {
            if (rr.type() == DnsType.OPT) {
                if (rr.dnssecOk()) {
                    header.add("DO");
                }
                rcode |= (int) (rr.ttl() >>> 24) << 4; // RFC 6891 §6.1.3: the upper 8 bits of the RCODE
                break;
            }
        }
        DnsQuestion q = d.questions().isEmpty() ? null : d.questions().get(0);
        List<DnsEvent.Answer> answers = new ArrayList<>(d.answers().size());
        for (DnsRecord rr : d.answers()) {
            answers.add(new DnsEvent.Answer(rr.name(), DnsType.name(rr.type()), dnsClass(rr.dnsClass(), mdns),
                    rr.ttl(), rr.data().text()));
        }
        emit(new DnsEvent(now, where, d.id(), d.isResponse(), opCode(d.opcode()), header,
                d.isResponse() ? responseCode(rcode) : null, q == null ? null : q.name(),
                q == null ? null : DnsType.name(q.type()), q == null ? null : dnsClass(q.dnsClass(), mdns),
                d.questions().size(), cut ? answerCountOf(d) : d.answers().size(), answers, cut));
    }

    /** The header's answer count, from the message bytes (a cut message's copy has it restored). */
    private static int answerCountOf(Dns d) {
        return ((d.message().get(6) & 0xff) << 8) | (d.message().get(7) & 0xff);
    }

    private static void addIf(List<String> out, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            out.add(name);
        }
    }

    private static String opCode(int op) {
        return switch (op) {
            case 0 -> "QUERY";
            case 1 -> "IQUERY";
            case 2 -> "STATUS";
            case 4 -> "NOTIFY";
            case 5 -> "UPDATE";
            case 6 -> "DSO";
            default -> Integer.toString(op);
        };
    }

    /** The IANA "DNS RCODEs" mnemonics (16 is BADVERS: with an OPT record, as here). */
    static String responseCode(int rcode) {
        return switch (rcode) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 6 -> "YXDOMAIN";
            case 7 -> "YXRRSET";
            case 8 -> "NXRRSET";
            case 9 -> "NOTAUTH";
            case 10 -> "NOTZONE";
            case 11 -> "DSOTYPENI";
            case 16 -> "BADVERS";
            case 17 -> "BADKEY";
            case 18 -> "BADTIME";
            case 19 -> "BADMODE";
            case 20 -> "BADNAME";
            case 21 -> "BADALG";
            case 22 -> "BADTRUNC";
            case 23 -> "BADCOOKIE";
            default -> "RCODE" + rcode;
        };
    }

    /** Class mnemonics; in mDNS the top bit is a flag (unicast response, cache flush), not class. */
    private static String dnsClass(int c, boolean mdns) {
        int v = mdns ? c & 0x7fff : c;
        return switch (v) {
            case 1 -> "IN";
            case 3 -> "CH";
            case 4 -> "HS";
            case 254 -> "NONE";
            case 255 -> "ANY";
            default -> "CLASS" + v;
        };
    }

    // ---- TLS

    private void tls(TlsHello h, Endpoints where) {
        String version = null;
        if (!h.client()) {
            int v = h.legacyVersion();
            for (int s : h.supportedVersions()) {
                v = s; // a ServerHello's supported_versions holds the one version chosen
            }
            version = tlsVersion(v);
        }
        // Everything is read now, while the hello's views of the reader's buffer are valid.
        emit(new TlsHelloEvent(now, where, h.client(), version, h.client() ? h.serverName() : null, h.alpn(),
                h.ja3(), h.ja3Text(), h.client() ? h.ja4('t') : null));
    }

    private static String tlsVersion(int v) {
        return switch (v) {
            case 0x0300 -> "3.0";
            case 0x0301 -> "1.0";
            case 0x0302 -> "1.1";
            case 0x0303 -> "1.2";
            case 0x0304 -> "1.3";
            default -> String.format("0x%04x", v);
        };
    }

    // ---- HTTP

    private void http(HttpRequestParser.Request r, Endpoints where) {
        emit(new HttpRequestEvent(now, where, r.method(), r.target(), r.version(), r.host(), r.userAgent(),
                r.contentLength(), r.truncated()));
    }

    private void http(HttpResponseParser.Response r, Endpoints where) {
        emit(new HttpResponseEvent(now, where, r.version(), r.status(), r.reason(), r.contentType(),
                r.contentLength(), r.chunked(), r.server(), r.requestMethod(), r.requestTarget(), r.truncated()));
    }

    /** What a waiting request holds: its characters, two bytes each, as the budget counts them. */
    private static long cost(String method, String target) {
        return 2L * (method.length() + target.length());
    }

    // ---- TCP streams

    private static byte[] bytes(int v4) {
        return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    }

    private static byte[] bytes(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    private static byte[] address(ConnectionKey k, boolean a) {
        return k.ipv6() ? bytes(a ? k.aHigh() : k.bHigh(), a ? k.aLow() : k.bLow())
                : bytes((int) (a ? k.aLow() : k.bLow()));
    }

    /** One connection's readers, attached to it. */
    private final class Conn {
        private final TcpConnection connection;
        private Object client;
        private Object server;
        private Endpoints fromClient;
        private Endpoints fromServer;
        /** Requests read and not answered yet, {method, target}, oldest first; null until one is. */
        private ArrayDeque<String[]> pending;
        /** True once a request was not kept: pairing would be off by one, so none is done. */
        private boolean pendingLost;

        Conn(TcpConnection connection) {
            this.connection = connection;
        }

        /** A request of this connection was read: kept for its response, within the bound. */
        void request(HttpRequestParser.Request r) {
            if (pendingLost || server == IGNORED) {
                return; // no response will be read, or pairing is off
            }
            if (pending == null) {
                pending = new ArrayDeque<>();
            }
            if (pending.size() >= MAX_PENDING_REQUESTS || !budget.reserve(cost(r.method(), r.target()))) {
                counters.httpRequestsNotQueued++;
                pendingLost = true;
                dropPending();
                return;
            }
            pending.add(new String[] {r.method(), r.target()});
        }

        /** Forgets the requests waiting for responses, giving their bytes back to the budget. */
        private void dropPending() {
            if (pending != null) {
                for (String[] q; (q = pending.poll()) != null; ) {
                    budget.release(cost(q[0], q[1]));
                }
            }
        }

        private final HttpResponseParser.Requests requests = new HttpResponseParser.Requests() {
            @Override
            public String[] peek() {
                return pending == null ? null : pending.peek();
            }

            @Override
            public void answered() {
                String[] q = pending == null ? null : pending.poll();
                if (q != null) {
                    budget.release(cost(q[0], q[1]));
                }
            }
        };

        /** Sender {@code side} as the source; made once per direction, with one Community ID digest. */
        Endpoints endpoints(Side side) {
            Endpoints e = side == Side.CLIENT ? fromClient : fromServer;
            if (e == null) {
                ConnectionKey k = connection.key();
                boolean srcIsA = (side == Side.CLIENT) == connection.clientIsA();
                e = EventExtractor.this.endpoints(k.ipv6(), 6, address(k, srcIsA), srcIsA ? k.aPort() : k.bPort(),
                        address(k, !srcIsA), srcIsA ? k.bPort() : k.aPort());
                if (side == Side.CLIENT) {
                    fromClient = e;
                } else {
                    fromServer = e;
                }
            }
            return e;
        }

        private Object reader(Side side) {
            return side == Side.CLIENT ? client : server;
        }

        private void set(Side side, Object r) {
            if (side == Side.CLIENT) {
                client = r;
            } else {
                server = r;
                if (r == IGNORED) {
                    dropPending(); // no response will be read to answer them
                }
            }
        }

        void data(Side side, byte[] d, int off, int len) {
            Object r = reader(side);
            if (r == IGNORED || len == 0) {
                return;
            }
            if (r == null) {
                r = choose(side, d, off, len);
                set(side, r);
                if (r == IGNORED) {
                    return;
                }
            }
            boolean alive;
            if (r instanceof TlsHelloReader t) {
                t.feed(d, off, len);
                alive = t.alive();
            } else if (r instanceof HttpRequestParser h) {
                h.feed(d, off, len);
                alive = h.alive();
            } else if (r instanceof HttpResponseParser h) {
                h.feed(d, off, len);
                alive = h.alive();
            } else {
                DnsTcpReader n = (DnsTcpReader) r;
                n.feed(d, off, len);
                alive = n.alive();
            }
            if (!alive) {
                set(side, IGNORED);
            }
        }

        private Object choose(Side side, byte[] d, int off, int len) {
            byte first = d[off];
            ConnectionKey k = connection.key();
            if (k.aPort() == DNS || k.bPort() == DNS) {
                return new DnsTcpReader(budget, counters, m -> dns(m, endpoints(side), false, false));
            }
            if (TlsHelloReader.mayStart(first)) {
                return new TlsHelloReader(budget, config.maxHelloBytes(), counters, h -> tls(h, endpoints(side)));
            }
            // A connection captured without its handshake has its sides guessed: the side that
            // starts with a status line is the server, whatever the guess.
            boolean status = HttpResponseParser.startsWithStatus(d, off, len);
            if (side == Side.CLIENT && HttpRequestParser.mayStart(first) && !status) {
                return new HttpRequestParser(budget, config.maxLineBytes(), config.maxHeaders(), counters,
                        q -> {
                            request(q);
                            http(q, endpoints(side));
                        });
            }
            if (status || (side == Side.SERVER && HttpResponseParser.mayStart(first))) {
                return new HttpResponseParser(budget, config.maxLineBytes(), config.maxHeaders(), counters, requests,
                        q -> http(q, endpoints(side)));
            }
            return IGNORED;
        }

        /** Bytes are missing: no reader here can find its place again, so the direction is given up. */
        void gap(Side side) {
            Object r = reader(side);
            if (r != null && r != IGNORED) {
                counters.streamsAbandonedAtGap++;
                stop(r, false);
            }
            set(side, IGNORED);
        }

        void end(Side side) {
            Object r = reader(side);
            if (r != null && r != IGNORED) {
                stop(r, true);
            }
            set(side, IGNORED);
        }

        private void stop(Object r, boolean ended) {
            if (r instanceof TlsHelloReader t) {
                t.stop();
            } else if (r instanceof HttpRequestParser h) {
                if (ended) {
                    h.end();
                } else {
                    h.stop();
                }
            } else if (r instanceof HttpResponseParser h) {
                if (ended) {
                    h.end();
                } else {
                    h.stop();
                }
            } else {
                ((DnsTcpReader) r).stop();
            }
        }
    }

    private final class Streams implements StreamHandler {
        @Override
        public void onStart(TcpConnection connection) {
            connection.attach(new Conn(connection));
        }

        @Override
        public void onData(TcpConnection connection, Side side, byte[] data, int offset, int length) {
            ((Conn) connection.attachment()).data(side, data, offset, length);
        }

        @Override
        public void onGap(TcpConnection connection, Side side, long length, GapReason reason) {
            ((Conn) connection.attachment()).gap(side);
        }

        @Override
        public void onEnd(TcpConnection connection, Side side, EndReason reason) {
            ((Conn) connection.attachment()).end(side);
        }
    }
}
