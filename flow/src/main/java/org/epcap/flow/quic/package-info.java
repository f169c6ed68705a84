/**
 * What spans a QUIC connection's packets: {@link org.epcap.flow.quic.QuicHelloAssembler} puts
 * together a ClientHello whose CRYPTO frames the client spread over several Initial packets (as
 * browsers do once a post-quantum key share makes the hello larger than one packet), within
 * bounds on connections and bytes.
 */
package org.epcap.flow.quic;
