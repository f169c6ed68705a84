package org.epcap.flow;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Community ID v1 without ports, written in the test from the spec (not the table's code), to
 * check what an explanation of a difference with tshark claims.
 */
final class SpecHash {
    private SpecHash() {
    }

    static String of(int seed, int protocol, InetAddress x, InetAddress y) {
        try {
            byte[] a = x.getAddress();
            byte[] b = y.getAddress();
            if (Arrays.compareUnsigned(a, b) > 0) {
                byte[] t = a;
                a = b;
                b = t;
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(new byte[] {(byte) (seed >>> 8), (byte) seed});
            sha1.update(a);
            sha1.update(b);
            sha1.update(new byte[] {(byte) protocol, 0});
            return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
