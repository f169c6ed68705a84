package org.epcap.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * Real Apache Kafka brokers for tests: N KRaft nodes in combined mode (each broker and
 * controller, all N in the controller quorum), each a separate JVM started from the
 * {@code kafka_2.13} artifact on the test class path, listening on 127.0.0.1 only, with its
 * data and log file under one temp dir.
 *
 * <p>Nodes are numbered as their {@code node.id}: 1 to N. A node can be killed (SIGKILL),
 * restarted on the same ports and data, and paused (SIGSTOP) and resumed (SIGCONT). Every wait
 * is bounded; {@link #close()} stops every node (SIGTERM, then SIGKILL after a grace period) and
 * deletes the temp dir, and a shutdown hook kills what a crashed test left behind.
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.start(3)) {
 *   kafka.createTopic("t", 3, 3, Map.of("min.insync.replicas", "2"));
 *   // produce to kafka.bootstrapServers() ...
 *   List<ConsumerRecord<byte[], byte[]>> all = kafka.consumeAll("t", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Set {@code -Depcap.kafka.keep=true} to keep the temp dir (the brokers' logs) after close.
 */
public final class KafkaCluster implements AutoCloseable {

    /** How long a starting cluster may take to show all brokers, on a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /**
     * The JVM options {@link #start(int)} adds to each broker's small fixed set: the client
     * compiler only. On a loaded 2-core machine three brokers then start in about a third of the
     * time (13 s instead of 42 s, measured), but their peak throughput is lower: a benchmark
     * passes {@code List.of()} to {@link #start(int, List, Duration)} for the full JIT.
     */
    public static final List<String> QUICK_START_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path dir;
    private final List<KafkaNode> nodes;
    private Admin admin;
    private boolean closed;

    private KafkaCluster(Path dir, List<KafkaNode> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    /**
     * Starts {@code brokers} nodes (1 to 9) with {@link #QUICK_START_JVM_OPTIONS} and waits, up to
     * {@link #START_TIMEOUT}, until all serve.
     *
     * @throws IllegalStateException if they do not; with the end of the brokers' logs
     */
    public static KafkaCluster start(int brokers) {
        return start(brokers, QUICK_START_JVM_OPTIONS, START_TIMEOUT);
    }

    /**
     * Starts {@code brokers} nodes (1 to 9), each JVM with {@code jvmOptions} added to the fixed
     * small-heap set, and waits up to {@code readyTimeout} until all serve.
     *
     * @throws IllegalStateException if they do not; with the end of the brokers' logs
     */
    public static KafkaCluster start(int brokers, List<String> jvmOptions, Duration readyTimeout) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("1 to 9 brokers, not " + brokers);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("epcap-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Reaper.track(dir);
        KafkaCluster cluster = null;
        try {
            cluster = new KafkaCluster(dir, layOut(dir, brokers, jvmOptions));
            String clusterId = Uuid.randomUuid().toString();
            for (KafkaNode node : cluster.nodes) {
                StorageFormat.format(node.serverProperties(), clusterId);
            }
            for (KafkaNode node : cluster.nodes) {
                node.start();
            }
            cluster.waitReady(readyTimeout);
            return cluster;
        } catch (RuntimeException | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                Reaper.deleteTree(dir);
                Reaper.untrack(dir);
            }
            throw e;
        }
    }

    private static List<KafkaNode> layOut(Path dir, int brokers, List<String> jvmOptions) {
        List<Integer> ports = FreePorts.allocate(2 * brokers);
        List<Integer> brokerPorts = ports.subList(0, brokers);
        List<Integer> controllerPorts = ports.subList(brokers, 2 * brokers);
        List<KafkaNode> nodes = new ArrayList<>();
        for (int id = 1; id <= brokers; id++) {
            Path nodeDir = dir.resolve("node-" + id);
            Path data = nodeDir.resolve("data");
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path props = ServerProperties.write(nodeDir.resolve("server.properties"), id, brokerPorts,
                    controllerPorts, data);
            nodes.add(new KafkaNode(id, brokerPorts.get(id - 1), controllerPorts.get(id - 1), props,
                    nodeDir.resolve("node.log"), jvmOptions));
        }
        return List.copyOf(nodes);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** {@code host:port} of every broker listener, comma-separated, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::bootstrap).collect(Collectors.joining(","));
    }

    /** {@code host:port} of node {@code node}'s broker listener alone. */
    public String bootstrapServer(int node) {
        return node(node).bootstrap();
    }

    /** The pid of node {@code node}'s JVM (of its latest start). */
    public long pid(int node) {
        return node(node).pid();
    }

    /** Whether node {@code node}'s JVM exists (a paused node does). */
    public boolean isAlive(int node) {
        return node(node).isAlive();
    }

    /** Every port the cluster listens on, broker and controller listeners. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (KafkaNode n : nodes) {
            ports.add(n.brokerPort());
            ports.add(n.controllerPort());
        }
        return ports;
    }

    /** The temp dir holding every node's data, {@code server.properties} and {@code node.log}. */
    public Path directory() {
        return dir;
    }

    /** Node {@code node}'s log file (its JVM's stdout and stderr, across restarts). */
    public Path logFile(int node) {
        return node(node).logFile();
    }

    /**
     * An admin client on all brokers, created on first use and closed by {@link #close()}; its
     * requests time out after seconds, so a call on a cluster with a dead node fails, not hangs.
     */
    public synchronized Admin admin() {
        requireOpen();
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
            p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "epcap-kafka-harness");
            admin = Admin.create(p);
        }
        return admin;
    }

    /**
     * Waits until the brokers' metadata lists all N brokers as alive (not fenced), checking that
     * no node has died meanwhile. Fails at once for a node that was killed or is paused, since it
     * cannot become ready.
     *
     * @throws IllegalStateException if a node is down or does not become ready in time; the
     *     message holds the end of the relevant nodes' logs
     */
    public void waitReady(Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            for (KafkaNode n : nodes) {
                if (!n.isAlive()) {
                    Integer status = n.exitValue();
                    throw new IllegalStateException("node " + n.id() + " is not running"
                            + (status == null ? "" : " (exit status " + status + ")") + "\n" + n.logTail());
                }
                if (n.isPaused()) {
                    throw new IllegalStateException("node " + n.id() + " is paused; resume it first");
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("cluster not ready after " + timeout + ": " + last + "\n"
                        + nodes.stream().map(KafkaNode::logTail).collect(Collectors.joining("\n")));
            }
            if (!nodes.stream().allMatch(KafkaNode::acceptsConnections)) {
                // Not listening yet: the admin client would only log a warning per retry.
                last = "not every broker listener accepts connections yet";
                sleep(200);
                continue;
            }
            try {
                int ms = (int) Math.max(100, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 5000));
                Collection<Node> alive = admin().describeCluster(new DescribeClusterOptions()
                        .timeoutMs(ms)).nodes().get(ms + 1000L, TimeUnit.MILLISECONDS);
                if (alive.size() == nodes.size()) {
                    return;
                }
                last = "brokers alive: " + alive.stream().map(Node::idString).sorted()
                        .collect(Collectors.joining(","));
            } catch (ExecutionException | TimeoutException e) {
                last = String.valueOf(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the cluster", e);
            }
            sleep(200);
        }
    }

    /**
     * Creates a topic and waits (up to 30 s) until each partition has a leader, so the first
     * produce does not race the metadata.
     */
    public void createTopic(String name, int partitions, int replicationFactor,
            Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor).configs(configs);
        get(admin().createTopics(List.of(topic)).all(), Duration.ofSeconds(30), "create " + name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                TopicDescription d = admin().describeTopics(List.of(name)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(name);
                if (d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Metadata not yet on the broker asked: ask again until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + name + " has no leader for every partition");
            }
            sleep(100);
        }
    }

    /**
     * Every record of {@code topic} up to its end offsets, read from the beginning without a
     * consumer group, within {@code timeout}. Right after a node was paused or restarted, wait
     * until it is back in the ISR first: until its metadata catches up it may answer as an old
     * leader with an old end offset.
     *
     * @throws IllegalStateException if the end is not reached in time
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(
            String topic, Duration timeout) {
        requireOpen();
        return Consume.toEnd(bootstrapServers(), topic, timeout);
    }

    /**
     * The first {@code expectedCount} records of {@code topic} (all partitions, from the
     * beginning), within {@code timeout}.
     *
     * @throws IllegalStateException if fewer arrive in time
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(
            String topic, int expectedCount, Duration timeout) {
        requireOpen();
        return Consume.count(bootstrapServers(), topic, expectedCount, timeout);
    }

    /** SIGKILL to node {@code node}'s JVM, waiting until it is gone. */
    public void kill(int node) {
        requireOpen();
        node(node).kill();
    }

    /**
     * Starts node {@code node} again on its ports and data dir (after {@link #kill}); does not
     * wait: call {@link #waitReady} for that.
     */
    public void restart(int node) {
        requireOpen();
        KafkaNode n = node(node);
        if (n.isAlive()) {
            throw new IllegalStateException("node " + node + " is running; kill it first");
        }
        n.start();
    }

    /**
     * SIGSTOP to node {@code node}'s JVM (through {@code kill -STOP}; the JDK sends only TERM and
     * KILL), returning once Linux shows it stopped: it hangs with its sockets open, like a frozen
     * machine or a long GC pause.
     */
    public void pause(int node) {
        requireOpen();
        node(node).pause();
    }

    /** SIGCONT to node {@code node}'s JVM (through {@code kill -CONT}), returning once it runs. */
    public void resume(int node) {
        requireOpen();
        node(node).resume();
    }

    /**
     * Closes the admin client, sends SIGTERM to every node at once (a paused one is continued
     * first), waits up to 15 s in all for them to end, SIGKILLs the rest, and deletes the temp
     * dir. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        // All at once: one by one, the last nodes would wait for a controller quorum that is gone.
        // Even so the last node of a quorum takes about 5 s (its raft client's graceful shutdown
        // waits for the peers that already left); the grace covers that.
        for (KafkaNode n : nodes) {
            n.beginStop();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (KafkaNode n : nodes) {
            n.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            // SIGKILL whatever outlived the grace; for a node already gone it only forgets the
            // process in the reaper.
            n.kill();
        }
        if (!Boolean.getBoolean("epcap.kafka.keep")) {
            Reaper.deleteTree(dir);
        }
        Reaper.untrack(dir);
    }

    private KafkaNode node(int node) {
        if (node < 1 || node > nodes.size()) {
            throw new IllegalArgumentException("nodes are 1 to " + nodes.size() + ", not " + node);
        }
        return nodes.get(node - 1);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cluster closed");
        }
    }

    private static <T> T get(KafkaFuture<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
