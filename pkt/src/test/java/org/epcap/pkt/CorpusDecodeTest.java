package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HexFormat;
import java.util.List;
import org.epcap.pkt.testing.CorpusPackets;
import org.junit.jupiter.api.Test;

/**
 * Robustness over real traffic: every packet of every corpus file goes through {@link Pkt#decode}
 * with no exception escaping, through {@link Pkt#decapsulate} with nothing but
 * {@link DecodeException}, and through {@link FastDecoder} with no exception at all.
 */
class CorpusDecodeTest {

    @Test
    void everyCorpusPacketDecodesWithoutEscapingExceptions() {
        List<CorpusPackets.Packet> packets = CorpusPackets.all();
        assertFalse(packets.size() < 10_000, "the corpus should hold over 10 000 packets, found " + packets.size());
        FastDecoder fast = new FastDecoder();
        int decodedSomething = 0;
        for (CorpusPackets.Packet p : packets) {
            byte[] data = p.data();
            try {
                Decoded d = Pkt.decode(p.dataLinkType(), data);
                assertNotNull(d, p + ": decode returned null");
                if (!d.headers().isEmpty()) {
                    decodedSomething++;
                }
            } catch (Throwable t) {
                fail(p + ": decode threw " + t + "\n" + HexFormat.of().formatHex(data), t);
            }
            try {
                Pkt.decapsulate(p.dataLinkType(), data);
            } catch (DecodeException expected) {
                // malformed, cut short or an unknown link type: the codec's own error
            } catch (Throwable t) {
                fail(p + ": decapsulate threw " + t + "\n" + HexFormat.of().formatHex(data), t);
            }
            try {
                if (p.dataLinkType() == DataLinkType.EN10MB) {
                    fast.decode(data, 0, data.length);
                } else {
                    fast.decodeRawIp(data, 0, data.length);
                }
            } catch (Throwable t) {
                fail(p + ": FastDecoder threw " + t + "\n" + HexFormat.of().formatHex(data), t);
            }
        }
        assertFalse(decodedSomething < packets.size() / 2,
                "most corpus packets should decode at least one header: " + decodedSomething + " of " + packets.size());
    }
}
