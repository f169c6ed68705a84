package org.epcap.kafka.testing;

/**
 * A JVM that starts a one-broker cluster and never closes it, for {@link ReaperTest}: it prints
 * the broker's pid and the temp dir, then waits to be terminated like a test run that is
 * cancelled or hits surefire's fork timeout.
 */
public final class AbandoningMain {

    private AbandoningMain() {}

    public static void main(String[] args) throws InterruptedException {
        KafkaCluster kafka = KafkaCluster.start(1);
        System.out.println("STARTED " + kafka.pid(1) + " " + kafka.directory());
        System.out.flush();
        Thread.sleep(120_000); // bounded: the test terminates it long before
    }
}
