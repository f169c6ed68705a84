package org.epcap.kafka.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An {@link Event} as an ECS document (Elastic Common Schema): {@code @timestamp},
 * {@code event.*}, {@code source.*}, {@code destination.*}, {@code network.*} with
 * {@code network.community_id}, then the protocol's own fields ({@code dns.*}, {@code tls.*},
 * {@code http.*}, {@code url.*}, {@code user_agent.*}). Field by field in {@code docs/kafka.md},
 * "Event records".
 *
 * <pre>{@code
 * EventJson json = new EventJson();
 * byte[] bytes = json.toJson(event);   // {"@timestamp":"…","event":{…},"source":{…},…,"dns":{…}}
 * }</pre>
 *
 * <p>Not thread-safe (it reuses one buffer): one per thread.
 */
public final class EventJson {
    private static final List<String> CATEGORY = List.of("network");
    private static final List<String> TYPE = List.of("protocol");

    private final EcsWriter w = new EcsWriter();

    /** The event's JSON, UTF-8. */
    public byte[] toJson(Event e) {
        w.begin();
        w.string("@timestamp", EcsValues.timestamp(e.timeNanos()));
        w.string("event.kind", "event");
        w.strings("event.category", CATEGORY);
        w.strings("event.type", TYPE);
        // Java 17: no pattern switch; the interface is sealed, so the last branch is HTTP
        String protocol;
        String action;
        if (e instanceof DnsEvent d) {
            protocol = "dns";
            action = d.response() ? "dns_answer" : "dns_query";
        } else if (e instanceof TlsHelloEvent t) {
            protocol = "tls";
            action = t.client() ? "tls_client_hello" : "tls_server_hello";
        } else {
            protocol = "http";
            action = e instanceof HttpResponseEvent ? "http_response" : "http_request";
        }
        w.string("event.action", action);
        w.string("event.dataset", "epcap." + protocol);
        Endpoints p = e.endpoints();
        w.string("source.ip", p.sourceIp());
        w.number("source.port", p.sourcePort());
        w.string("destination.ip", p.destinationIp());
        w.number("destination.port", p.destinationPort());
        w.string("network.type", p.ipVersion() == 6 ? "ipv6" : "ipv4");
        w.string("network.transport", EcsValues.transport(p.protocol()));
        w.string("network.iana_number", Integer.toString(p.protocol()));
        // a hello in QUIC's Initial packets: the connection's protocol is QUIC
        w.string("network.protocol", p.protocol() == 17 && e instanceof TlsHelloEvent ? "quic" : protocol);
        w.string("network.community_id", p.communityId());
        if (e instanceof DnsEvent d) {
            dns(d);
        } else if (e instanceof TlsHelloEvent t) {
            tls(t);
        } else if (e instanceof HttpResponseEvent r) {
            http(r);
        } else {
            http((HttpRequestEvent) e);
        }
        return w.end();
    }

    private void dns(DnsEvent d) {
        // ECS types dns.id as a keyword
        w.string("dns.id", Integer.toString(d.id()));
        w.string("dns.type", d.response() ? "answer" : "query");
        w.string("dns.op_code", d.opCode());
        w.strings("dns.header_flags", d.headerFlags());
        w.string("dns.response_code", d.responseCode());
        if (d.questionName() != null) {
            w.string("dns.question.name", d.questionName());
            w.string("dns.question.type", d.questionType());
            w.string("dns.question.class", d.questionClass());
        }
        if (!d.answers().isEmpty()) {
            JsonGenerator g = w.startArray("dns.answers");
            try {
                for (DnsEvent.Answer a : d.answers()) {
                    g.writeStartObject();
                    g.writeStringField("name", a.name());
                    g.writeStringField("type", a.type());
                    g.writeStringField("class", a.dnsClass());
                    g.writeNumberField("ttl", a.ttl());
                    g.writeStringField("data", a.data());
                    g.writeEndObject();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            w.endArray();
        }
        w.strings("dns.resolved_ip", d.resolvedIps());
        w.number("epcap.dns.question_count", d.questionCount());
        w.number("epcap.dns.answer_count", d.answerCount());
        if (d.truncated()) {
            w.bool("epcap.dns.truncated", true);
        }
    }

    private void tls(TlsHelloEvent t) {
        if (t.version() != null) {
            w.string("tls.version", t.version());
            w.string("tls.version_protocol", t.version().equals("3.0") ? "ssl" : "tls");
        }
        if (t.client()) {
            w.string("tls.client.server_name", t.serverName());
            w.string("tls.client.ja3", t.ja3());
            w.string("tls.client.ja4", t.ja4());
            w.strings("tls.client.alpn", t.alpn());
        } else {
            w.string("tls.server.ja3s", t.ja3());
            w.string("tls.next_protocol", t.alpn().isEmpty() ? null : t.alpn().get(0));
        }
        w.string(t.client() ? "epcap.tls.client.ja3_string" : "epcap.tls.server.ja3s_string", t.ja3Text());
    }

    private void http(HttpRequestEvent h) {
        w.string("http.request.method", h.method());
        if (h.contentLength() >= 0) {
            w.number("http.request.body.bytes", h.contentLength());
        }
        w.string("http.version", h.version());
        Url u = Url.of(h.target(), h.host());
        w.string("url.original", h.target());
        w.string("url.domain", u.domain);
        if (u.port >= 0) {
            w.number("url.port", u.port);
        }
        w.string("url.path", u.path);
        w.string("url.query", u.query);
        w.string("user_agent.original", h.userAgent());
        if (h.truncated()) {
            w.bool("epcap.http.truncated", true);
        }
    }

    private void http(HttpResponseEvent r) {
        w.number("http.response.status_code", r.statusCode());
        if (r.contentLength() >= 0) {
            w.number("http.response.body.bytes", r.contentLength());
        }
        if (r.contentType() != null) {
            int semi = r.contentType().indexOf(';');
            // ECS: the MIME type of the body; the header's parameters (charset, boundary) are not part of it
            String mime = (semi < 0 ? r.contentType() : r.contentType().substring(0, semi)).strip();
            w.string("http.response.mime_type", mime.isEmpty() ? null : mime.toLowerCase(java.util.Locale.ROOT));
        }
        w.string("http.version", r.version());
        // the request it answers: ECS puts request and response of one exchange in one document
        w.string("http.request.method", r.requestMethod());
        w.string("url.original", r.requestTarget());
        w.string("epcap.http.response.reason", r.reason());
        w.string("epcap.http.response.content_type", r.contentType());
        w.string("epcap.http.response.server", r.server());
        if (r.chunked()) {
            w.bool("epcap.http.response.chunked", true);
        }
        if (r.truncated()) {
            w.bool("epcap.http.truncated", true);
        }
    }

    /** The parts of a request target ECS names, with the domain from the Host header when the target has none. */
    private record Url(String domain, int port, String path, String query) {
        static Url of(String target, String host) {
            String authority = host;
            String rest = target;
            int scheme = target.indexOf("://");
            if (scheme > 0 && target.charAt(0) != '/') {
                // absolute-form (to a proxy): the target's authority wins over Host (RFC 9112 §3.2.2)
                int slash = target.indexOf('/', scheme + 3);
                authority = target.substring(scheme + 3, slash < 0 ? target.length() : slash);
                rest = slash < 0 ? "/" : target.substring(slash);
            } else if (!target.startsWith("/")) {
                // authority-form (CONNECT host:port) or asterisk-form (OPTIONS *): no path
                if (!target.equals("*")) {
                    authority = target;
                }
                rest = null;
            }
            String domain = null;
            int port = -1;
            if (authority != null && !authority.isEmpty()) {
                int at = authority.lastIndexOf('@');
                String hp = authority.substring(at + 1);
                int colon = hp.startsWith("[") ? hp.indexOf(':', Math.max(0, hp.indexOf(']'))) : hp.lastIndexOf(':');
                domain = colon < 0 ? hp : hp.substring(0, colon);
                if (colon >= 0) {
                    try {
                        port = Integer.parseInt(hp.substring(colon + 1));
                    } catch (NumberFormatException notAPort) {
                        port = -1;
                    }
                }
                if (domain.startsWith("[") && domain.endsWith("]")) {
                    domain = domain.substring(1, domain.length() - 1);
                }
            }
            String path = null;
            String query = null;
            if (rest != null) {
                int q = rest.indexOf('?');
                path = q < 0 ? rest : rest.substring(0, q);
                query = q < 0 ? null : rest.substring(q + 1);
            }
            return new Url(domain, port, path, query);
        }
    }
}
