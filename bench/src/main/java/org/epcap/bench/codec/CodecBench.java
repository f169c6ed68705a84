package org.epcap.bench.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.epcap.pkt.Decoded;
import org.epcap.pkt.FastDecoder;
import org.epcap.pkt.Pkt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.factory.PacketFactory;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Decode throughput on one thread, one operation per packet: our allocation-free
 * {@link FastDecoder}, our full record path {@link Pkt#decode}, and pcap4j's static packet
 * factory, over the same frames. {@code workload} is {@code tcp4} (Ethernet + IPv4 + TCP) or
 * {@code mix} (the corpus's Ethernet frames and generated IPv4/IPv6 TCP/UDP frames).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
    /** Frames per benchmark invocation: large enough to defeat branch prediction by history. */
    static final int BATCH = 4096;

    @Param({"tcp4", "mix"})
    public String workload;

    private byte[][] frames;
    private final FastDecoder fast = new FastDecoder();
    private final PacketFactory<Packet, DataLinkType> pcap4jFactory =
            PacketFactories.getFactory(Packet.class, DataLinkType.class);

    @Setup
    public void setUp() throws IOException {
        frames = switch (workload) {
            case "tcp4" -> Frames.etherIpv4Tcp(BATCH, 1);
            case "mix" -> Frames.mix(BATCH, 2, corpus());
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
    }

    static Path corpus() {
        String p = System.getProperty("epcap.corpus");
        return p == null ? null : Path.of(p);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fastDecoder(Blackhole bh) {
        FastDecoder d = fast;
        for (byte[] f : frames) {
            int layers = d.decode(f, 0, f.length);
            bh.consume(layers);
            bh.consume(d.sourcePort());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void recordDecode(Blackhole bh) {
        for (byte[] f : frames) {
            Decoded d = Pkt.decode(org.epcap.pkt.DataLinkType.EN10MB, f);
            bh.consume(d);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pcap4j(Blackhole bh) {
        for (byte[] f : frames) {
            Packet p = pcap4jFactory.newInstance(f, 0, f.length, DataLinkType.EN10MB);
            bh.consume(p);
        }
    }
}
