package org.epcap.pkt.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.IntToLongFunction;

/**
 * What a loop allocates, counted by the JVM for the calling thread: the allocation-free paths'
 * tests run their work a while first, so that it runs compiled as it would in a hot loop, then
 * count the bytes over many more calls.
 */
public final class Allocations {
    private Allocations() {
    }

    /**
     * The bytes the calling thread allocates over {@code count} calls of {@code step} (given 0,
     * 1, …), after {@code warmup} calls that are not counted. What the steps return is summed and
     * must not be 0, so that the work cannot be optimised away.
     */
    public static long over(int warmup, int count, IntToLongFunction step) {
        java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
        mx.setThreadAllocatedMemoryEnabled(true);
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += step.applyAsLong(i);
        }
        long thread = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < count; i++) {
            sink += step.applyAsLong(i);
        }
        long allocated = mx.getThreadAllocatedBytes(thread) - before;
        assertTrue(sink != 0, "the steps returned nothing but 0");
        return allocated;
    }
}
