/**
 * The JSON records the Kafka export publishes for flows and events, in the field names of the
 * Elastic Common Schema: {@link org.epcap.kafka.json.FlowJson} for the flow table's records, and
 * {@link org.epcap.kafka.json.EventExtractor} for DNS messages, TLS hellos and HTTP requests and responses found
 * in packets, each with its flow's Community ID in {@code network.community_id}.
 *
 * <pre>{@code
 * FlowJson flowJson = new FlowJson();
 * FlowTable flows = new FlowTable(FlowConfig.defaults(), r -> send("flows", r.communityId(), flowJson.toJson(r)));
 * EventExtractor events = new EventExtractor(ExtractorConfig.defaults(),
 *         (e, json) -> send("events", e.endpoints().communityId(), json));
 * }</pre>
 *
 * <p>The fields, their types and units are in {@code docs/kafka.md}.
 */
package org.epcap.kafka.json;
