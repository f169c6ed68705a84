package org.epcap.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.epcap.Epcap;
import org.epcap.testing.Netns;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/** A ping from namespace A sees duplicate replies because IcmpResend in B sends each one again. */
class IcmpResendTest {

    @Test
    void pingSeesDuplicates() throws Exception {
        Tools.assumeRoot();
        Tools.assumePortProgram();
        Tools.assumeTool("ping");
        try (Netns net = Netns.create();
             Epcap cap = Epcap.start(IcmpResend.options(net.vethB()).toBuilder().exec(net.execIn(net.b())).build())) {
            CompletableFuture<Long> resent = CompletableFuture.supplyAsync(() -> IcmpResend.resend(cap, 3));
            Tools.Result ping = Tools.run(Duration.ofSeconds(20),
                    List.of("ip", "netns", "exec", net.a(), "ping", "-n", "-c", "3", "-i", "0.3", "-W", "1", net.ipB()));
            long n = resent.get(10, TimeUnit.SECONDS);
            assertTrue(ping.out().contains("(DUP!)"), "ping should see duplicates:\n" + ping.out() + ping.err());
            // ping -c 3 exits at the third reply, before that reply's copy: 2 or 3 duplicates.
            assertTrue(ping.out().matches("(?s).*\\+[23] duplicates.*"), ping.out());
            assertTrue(n == 3, "resent " + n);
        }
    }
}
