/**
 * IPv4 and IPv6 reassembly: {@link org.epcap.flow.defrag.Defragmenter} stands in front of any
 * {@link org.epcap.flow.PacketSink} and hands on whole datagrams as if captured whole, within the
 * bounds of {@link org.epcap.flow.defrag.DefragConfig}, counting every drop in
 * {@link org.epcap.flow.defrag.DefragStats}. Overlaps discard the datagram (RFC 5722).
 */
package org.epcap.flow.defrag;
