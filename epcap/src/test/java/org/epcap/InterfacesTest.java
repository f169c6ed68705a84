package org.epcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import org.epcap.testing.Tools;
import org.junit.jupiter.api.Test;

/** {@link Epcap#interfaces()} against the JDK's own view of the network interfaces. */
class InterfacesTest {
    @Test
    void everyUpInterfaceTheJdkSeesIsListedWithItsAddresses() throws Exception {
        java.nio.file.Path prog = Tools.assumePortProgram();
        List<NetworkInterfaceInfo> listed = Epcap.interfaces(Options.builder().progname(prog).build());
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp()) continue;
            NetworkInterfaceInfo info = listed.stream().filter(i -> i.name().equals(ni.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(ni.getName() + " missing from " + listed));
            assertTrue(info.isUp(), info.toString());
            assertTrue(info.isLoopback() == ni.isLoopback(), info.toString());
            for (java.net.InterfaceAddress a : ni.getInterfaceAddresses()) {
                InetAddress addr = a.getAddress();
                if (addr.isLinkLocalAddress() && addr instanceof java.net.Inet6Address) continue;
                assertTrue(info.addresses().stream().anyMatch(x -> x.address().equals(addr)
                        && x.prefixLength() == a.getNetworkPrefixLength()), addr + " in " + info);
            }
        }
    }
}
