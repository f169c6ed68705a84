package org.epcap.kafka.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The harness against real brokers: one broker round trip and Kafka's perf tool; three nodes
 * that lose one (SIGKILL) during acks=all produce and get it back; a paused node; and nothing
 * left behind after close. Each cluster is shared by the ordered tests of its nested class, since
 * starting JVMs is what costs time here; the two clusters never run at the same time.
 */
class KafkaClusterTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(OrderAnnotation.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    class OneBroker {

        private KafkaCluster kafka;

        @BeforeAll
        void start() {
            kafka = KafkaCluster.start(1);
        }

        @AfterAll
        void stop() {
            if (kafka != null) {
                kafka.close();
            }
        }

        @Test
        @Order(1)
        void recordsProducedIdempotentlyAreAllConsumedBack() throws Exception {
            kafka.createTopic("round-trip", 2, 1, Map.of());
            Set<String> sent = produce(kafka.bootstrapServers(), "round-trip", 0, 1000);
            assertEquals(1000, sent.size());

            List<String> got = values(kafka.consumeAll("round-trip", Duration.ofSeconds(30)));

            assertEquals(1000, got.size(), "each record once");
            assertEquals(sent, new HashSet<>(got));
        }

        @Test
        @Order(2)
        void producerPerfRunsKafkasToolAndParsesItsSummary() {
            kafka.createTopic("perf", 1, 1, Map.of());

            ProducerPerf.Result r = ProducerPerf.run(kafka.bootstrapServers(),
                    new ProducerPerf.Spec("perf", 20_000, 100, 16_384, 5, "1"), Duration.ofSeconds(60));

            assertEquals(20_000, r.records(), r.line());
            assertTrue(r.recordsPerSec() > 0 && r.mbPerSec() > 0, r.line());
            // The tool really wrote them: the topic's end is where it says.
            assertEquals(20_000, kafka.consumeAll("perf", Duration.ofSeconds(30)).size());
        }

        @Test
        @Order(3)
        void closeLeavesNoProcessPortOrDirectory() {
            assertCloseLeavesNothing(kafka);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(OrderAnnotation.class)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    class ThreeNodes {

        private static final String TOPIC = "fail-over";
        private KafkaCluster kafka;
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

        @BeforeAll
        void start() {
            kafka = KafkaCluster.start(3);
            kafka.createTopic(TOPIC, 3, 3, Map.of("min.insync.replicas", "2"));
        }

        @AfterAll
        void stop() {
            if (kafka != null) {
                kafka.close();
            }
        }

        @Test
        @Order(1)
        void acknowledgedRecordsSurviveKillAndRestartExactlyOnce() throws Exception {
            long killedPid = kafka.pid(1);
            // Node 1 leads a partition (the 3 leaders are spread over the 3 nodes), so the kill forces
            // a leader election, not just a shrunk ISR.
            assertTrue(describe(kafka.admin(), TOPIC).partitions().stream()
                    .anyMatch(p -> p.leader() != null && p.leader().id() == 1), "node 1 leads a partition");
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                List<Throwable> failures = new ArrayList<>();
                send(producer, 0, 500, failures);
                producer.flush();
                send(producer, 500, 1000, failures);
                // Killed with the second batch in flight, the third not yet sent.
                kafka.kill(1);
                assertFalse(kafka.isAlive(1));
                assertTrue(ProcessHandle.of(killedPid).map(ph -> !ph.isAlive()).orElse(true));
                send(producer, 1000, 2000, failures);
                producer.flush();
                assertEquals(List.of(), failures, "acks=all with 2 of 3 in sync must go on");
            }
            assertEquals(2000, acknowledged.size());

            kafka.restart(1);
            kafka.waitReady(Duration.ofSeconds(60));
            // Back in every ISR: it recovered its old data dir and caught up with what it missed.
            awaitInSync(kafka.admin(), TOPIC, 3, Duration.ofSeconds(60));

            List<String> got = values(kafka.consumeAll(TOPIC, Duration.ofSeconds(60)));
            assertEquals(got.size(), new HashSet<>(got).size(), "no record twice");
            assertEquals(acknowledged, new HashSet<>(got));
        }

        @Test
        @Order(2)
        void pausedNodeAnswersNothingWhileTheOthersServe() throws Exception {
            kafka.pause(2);
            try {
                assertEquals(ProcState.STOPPED, ProcState.of(kafka.pid(2)), "SIGSTOPped");
                // Its listener still accepts (the kernel does that), but nothing answers.
                assertThrows(ExecutionException.class, () -> describeClusterVia(kafka.bootstrapServer(2)));
                // The controller notices: node 2's heartbeats stopped, so it is fenced (and so dropped
                // from every ISR, and its partitions get other leaders) after broker.session.timeout.ms.
                awaitBrokerCount(kafka.bootstrapServer(1), 2, Duration.ofSeconds(30));
                // The other two keep acks=all produce going.
                try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServer(1))) {
                    List<Throwable> failures = new ArrayList<>();
                    send(producer, 2000, 2100, failures);
                    producer.flush();
                    assertEquals(List.of(), failures);
                }
            } finally {
                kafka.resume(2);
            }
            assertTrue(ProcState.of(kafka.pid(2)) != ProcState.STOPPED, "continued");
            // It answers again. Until the controller unfences it (its session expired while stopped)
            // its own metadata may list only the other two, so the count is checked by waitReady.
            assertTrue(describeClusterVia(kafka.bootstrapServer(2)) >= 2, "answers again");
            kafka.waitReady(Duration.ofSeconds(60));
            // Back in every ISR: it follows the new leaders, so its metadata is current and it no
            // longer answers as the leader it was before the pause.
            awaitInSync(kafka.admin(), TOPIC, 3, Duration.ofSeconds(60));

            List<String> got = values(kafka.consumeAll(TOPIC, Duration.ofSeconds(60)));
            assertEquals(2100, got.size());
            assertEquals(acknowledged, new HashSet<>(got));
        }

        @Test
        @Order(3)
        void closeLeavesNoProcessPortOrDirectory() {
            assertCloseLeavesNothing(kafka);
        }

        private void send(KafkaProducer<String, String> producer, int from, int to,
                List<Throwable> failures) {
            for (int i = from; i < to; i++) {
                String value = "v-" + i;
                producer.send(new ProducerRecord<>(TOPIC, Integer.toString(i), value), (md, e) -> {
                    if (e == null) {
                        acknowledged.add(value);
                    } else {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBrokerThatCannotStartIsReportedWithItsLogAndCleanedUp() throws IOException {
        long childrenBefore = ProcessHandle.current().children().count();
        Set<Path> dirsBefore = harnessTempDirs();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaCluster.start(1, List.of("-XX:+NoSuchJvmOption"), Duration.ofSeconds(30)));

        assertTrue(e.getMessage().contains("node 1 is not running"), e.getMessage());
        // The JVM's own complaint, from the node's log file.
        assertTrue(e.getMessage().contains("NoSuchJvmOption"), e.getMessage());
        assertEquals(childrenBefore, ProcessHandle.current().children().count());
        assertEquals(dirsBefore, harnessTempDirs(), "its temp dir deleted");
    }

    private static Set<Path> harnessTempDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("epcap-kafka-"))
                    .collect(Collectors.toSet());
        }
    }

    private static void assertCloseLeavesNothing(KafkaCluster kafka) {
        List<Long> pids = new ArrayList<>();
        for (int n = 1; n <= kafka.size(); n++) {
            pids.add(kafka.pid(n));
            assertTrue(kafka.isAlive(n), "node " + n + " running before close");
        }
        List<Integer> ports = kafka.ports();
        Path dir = kafka.directory();

        kafka.close();

        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "pid " + pid + " gone");
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid)
                .toList(), "no child process left");
        for (int port : ports) {
            assertTrue(FreePorts.isFree(port), "port " + port + " free");
        }
        assertFalse(Files.exists(dir), dir + " deleted");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Short requests so a dead leader is given up on quickly; a long delivery timeout so the
        // records ride out the fail-over instead of failing.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Produces values v-from .. v-(to-1), waits for all acks, returns the acknowledged ones. */
    private static Set<String> produce(String bootstrap, String topic, int from, int to)
            throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                String value = "v-" + i;
                futures.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), value),
                        (md, e) -> {
                            if (e == null) {
                                acked.add(value);
                            }
                        }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        return acked;
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** The number of brokers node's metadata lists, asked of that node alone, within 3 s. */
    private static int describeClusterVia(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        Admin admin = Admin.create(p);
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(10, TimeUnit.SECONDS).size();
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until the node at {@code bootstrap} lists {@code count} alive brokers. */
    private static void awaitBrokerCount(String bootstrap, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = describeClusterVia(bootstrap);
            if (last == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(bootstrap + " lists " + last + " brokers, not " + count + ", after "
                + timeout);
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(topic);
    }

    private static void awaitInSync(Admin admin, String topic, int replicas, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            TopicDescription d = describe(admin, topic);
            if (d.partitions().stream().allMatch(p -> p.isr().size() == replicas)) {
                return;
            }
            last = d.toString();
            Thread.sleep(200);
        }
        throw new AssertionError("not all replicas in sync after " + timeout + ": " + last);
    }
}
