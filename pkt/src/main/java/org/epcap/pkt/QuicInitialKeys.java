package org.epcap.pkt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Initial packet protection of QUIC (RFC 9001 §5.2, §5.4; RFC 9369 §3.3 for version 2): keys
 * derived from the client's destination connection id with HKDF-SHA256, AES-128-GCM for the
 * payload and AES-128-ECB for the header. JDK crypto only. One instance per direction and
 * connection id; not thread-safe (the ciphers are reused).
 */
final class QuicInitialKeys {
    private static final byte[] SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final byte[] SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    static final int VERSION_1 = 1;
    static final int VERSION_2 = 0x6b3343cf;

    private final SecretKeySpec key;
    private final byte[] iv;
    private final Cipher hp;

    private QuicInitialKeys(byte[] secret, boolean v2) throws GeneralSecurityException {
        String prefix = v2 ? "quicv2 " : "quic ";
        key = new SecretKeySpec(expandLabel(secret, prefix + "key", 16), "AES");
        iv = expandLabel(secret, prefix + "iv", 12);
        hp = Cipher.getInstance("AES/ECB/NoPadding");
        hp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(expandLabel(secret, prefix + "hp", 16), "AES"));
    }

    /** True for the versions whose Initial keys this knows. */
    static boolean knows(long version) {
        return version == VERSION_1 || version == VERSION_2;
    }

    /** The keys of the client's ({@code client}) or server's Initial packets for this connection id. */
    static QuicInitialKeys of(long version, byte[] dcid, int offset, int length, boolean client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(version == VERSION_2 ? SALT_V2 : SALT_V1, "HmacSHA256"));
            mac.update(dcid, offset, length);
            byte[] initial = mac.doFinal();
            byte[] secret = expandLabel(initial, client ? "client in" : "server in", 32);
            return new QuicInitialKeys(secret, version == VERSION_2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 and AES are required of every JDK", e);
        }
    }

    /** The 5-byte header protection mask from the 16-byte sample at {@code offset}. */
    byte[] mask(byte[] b, int offset) {
        try {
            return hp.doFinal(b, offset, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decrypts {@code b[offset, offset+length)} (ciphertext and 16-byte tag) under the header
     * {@code header} as associated data; null when the tag does not verify (not these keys).
     */
    byte[] open(long packetNumber, byte[] header, byte[] b, int offset, int length) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(header);
            return gcm.doFinal(b, offset, length);
        } catch (javax.crypto.AEADBadTagException wrongKeys) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for at most 32 bytes. */
    private static byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
        byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + full.length + 1 + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        info[3 + full.length] = 0; // empty context
        info[4 + full.length] = 1; // HKDF-Expand's counter: one block is enough
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] t = mac.doFinal(info);
        byte[] out = new byte[length];
        System.arraycopy(t, 0, out, 0, length);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
