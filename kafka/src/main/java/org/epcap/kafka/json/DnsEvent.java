package org.epcap.kafka.json;

import java.util.List;

/**
 * One DNS message (query or response) over UDP or TCP.
 *
 * <pre>{@code
 * if (event instanceof DnsEvent d && d.response()) {
 *     System.out.println(d.questionName() + " " + d.responseCode() + " " + d.answers());
 * }
 * }</pre>
 *
 * @param timeNanos    capture time
 * @param endpoints    sender and receiver
 * @param id           the message id, 0–65535
 * @param response     QR: true for a response
 * @param opCode       the opcode's name (QUERY, IQUERY, STATUS, NOTIFY, UPDATE, DSO, or its number)
 * @param headerFlags  the flags set, as ECS names them: AA, TC, RD, RA, AD, CD, DO
 * @param responseCode the response code's name (NOERROR, NXDOMAIN, …), with an OPT record's
 *                     extended bits (BADVERS, BADCOOKIE, …); null in a query
 * @param questionName the first question's name, null without questions
 * @param questionType its type's mnemonic (A, AAAA, …, {@code TYPE<n>})
 * @param questionClass its class's mnemonic (IN, CH, …, {@code CLASS<n>})
 * @param questionCount how many questions the message has (ECS has one: the first)
 * @param answerCount  how many answers its header says it has
 * @param answers      the answer section, in order: the records captured whole
 * @param truncated    true when the capture cut the message (snapshot length): the answers are
 *                     those whole before the cut, and authority and additional records (with an
 *                     OPT record's flags and extended response code) are not read
 */
public record DnsEvent(long timeNanos, Endpoints endpoints, int id, boolean response, String opCode,
        List<String> headerFlags, String responseCode, String questionName, String questionType,
        String questionClass, int questionCount, int answerCount, List<Answer> answers, boolean truncated)
        implements Event {

    public DnsEvent {
        headerFlags = List.copyOf(headerFlags);
        answers = List.copyOf(answers);
    }

    /**
     * One answer record, as ECS's {@code dns.answers} objects have it.
     *
     * @param name      owner name
     * @param type      type mnemonic
     * @param dnsClass  class mnemonic
     * @param ttl       seconds
     * @param data      the record data in presentation form
     */
    public record Answer(String name, String type, String dnsClass, long ttl, String data) {
    }

    /** The A and AAAA addresses of the answers: ECS's {@code dns.resolved_ip}. */
    public List<String> resolvedIps() {
        return answers.stream().filter(a -> a.type().equals("A") || a.type().equals("AAAA"))
                .map(Answer::data).toList();
    }
}
