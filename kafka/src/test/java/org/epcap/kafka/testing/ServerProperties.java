package org.epcap.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code server.properties} of one KRaft node in combined mode (broker and controller in one
 * JVM), with settings sized for a small, loaded test machine and for fast fail-over.
 */
final class ServerProperties {

    private ServerProperties() {}

    /**
     * Writes the file for node {@code nodeId} (1-based) of a cluster whose nodes listen on
     * {@code brokerPorts} / {@code controllerPorts} (index i is node i+1).
     */
    static Path write(Path file, int nodeId, List<Integer> brokerPorts, List<Integer> controllerPorts,
            Path logDir) {
        int nodes = brokerPorts.size();
        int rf = Math.min(nodes, 3);
        int brokerPort = brokerPorts.get(nodeId - 1);
        int controllerPort = controllerPorts.get(nodeId - 1);
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        // A static quorum of all nodes: every node is a voter from the start, so formatting needs
        // only the shared cluster id (no --initial-controllers / --standalone, which are for the
        // dynamic quorum of KIP-853), and restarting a node needs nothing but its old log dir.
        p.put("controller.quorum.voters", voters(controllerPorts));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        p.put("offsets.topic.replication.factor", Integer.toString(rf));
        p.put("transaction.state.log.replication.factor", Integer.toString(rf));
        p.put("transaction.state.log.min.isr", Integer.toString(Math.min(rf, 2)));
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(rf));
        p.put("share.coordinator.state.topic.min.isr", Integer.toString(Math.min(rf, 2)));
        p.put("offsets.topic.num.partitions", "3");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", Integer.toString(rf));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");

        // Memory: the log cleaner allocates its dedupe buffer (128 MiB by default) on the heap at
        // startup, which alone overflows the small heap these JVMs get.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "2");
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));

        // Fail-over within seconds: the controller fences (and drops from every ISR) a broker
        // whose heartbeats stopped after this long, which is what lets acks=all produce go on after
        // kill(); a follower that stops fetching leaves the ISR after replica.lag.time.max.ms.
        // Not lower: on a loaded 2-core machine a GC pause must not look like a dead broker.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
        p.put("replica.lag.time.max.ms", "5000");
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        // A request to a hung (paused) node must not wait Kafka's 30 s default: the broker's channel
        // to the controller (producer id blocks for idempotent producers, ISR changes) and the
        // replica fetchers give up after these and try the new controller or leader.
        p.put("controller.socket.timeout.ms", "5000");
        p.put("replica.socket.timeout.ms", "5000");

        Properties props = new Properties();
        props.putAll(p);
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "KRaft node " + nodeId + " written by the epcap Kafka test harness");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String voters(List<Integer> controllerPorts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < controllerPorts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i + 1).append("@127.0.0.1:").append(controllerPorts.get(i));
        }
        return sb.toString();
    }
}
