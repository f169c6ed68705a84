package org.epcap.pkt.io;

import java.io.ByteArrayOutputStream;

/** Builds capture files byte by byte, for files no writer would make; little-endian unless asked. */
final class Bad {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    /** Writes the following 16/32-bit values big-endian (or back to little-endian). */
    Bad bigEndian(boolean big) {
        bigEndian = big;
        return this;
    }

    /** Appends another builder's bytes. */
    Bad then(Bad other) {
        out.writeBytes(other.bytes());
        return this;
    }

    Bad u8(int v) {
        out.write(v);
        return this;
    }

    Bad u16(int v) {
        return bigEndian ? u8(v >>> 8).u8(v) : u8(v).u8(v >>> 8);
    }

    Bad u32(long v) {
        return bigEndian
                ? u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff)
                : u16((int) v & 0xffff).u16((int) (v >>> 16) & 0xffff);
    }

    Bad zeros(int n) {
        for (int i = 0; i < n; i++) {
            out.write(0);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A classic micro-second little-endian file header. */
    static Bad pcap() {
        return new Bad().u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
    }

    /** A record header then {@code data} zero bytes. */
    Bad record(long caplen, long len, int data) {
        return u32(1_700_000_000L).u32(5).u32(caplen).u32(len).zeros(data);
    }

    /** A pcapng section header block, version 1.0. */
    static Bad shb() {
        return new Bad().u32(0x0a0d0d0a).u32(28).u32(0x1a2b3c4d).u16(1).u16(0).u32(-1).u32(-1).u32(28);
    }

    /** An interface description block of link type 1, snaplen 0, no options. */
    Bad idb() {
        return u32(1).u32(20).u16(1).u16(0).u32(0).u32(20);
    }

    /** An enhanced packet block with {@code caplen} zero bytes. */
    Bad epb(int ifid, int caplen) {
        int padded = (caplen + 3) & ~3;
        return u32(6).u32(32 + padded).u32(ifid).u32(0).u32(1000).u32(caplen).u32(caplen).zeros(padded)
                .u32(32 + padded);
    }
}
