/**
 * Export into Apache Kafka: captured packets, flow records and decoded events published with the
 * official client ({@code org.apache.kafka:kafka-clients}), with backpressure from the producer's
 * bounded buffer back through the port to the kernel, which drops and counts.
 *
 * <p>The record layouts are documented in {@code docs/kafka.md}.
 */
package org.epcap.kafka;
