/**
 * Conversations above packets: IP defragmentation, a bounded flow table with Community ID, and
 * bounded TCP stream reassembly. Depends on the codec ({@code org.epcap.pkt}) only, so it serves
 * live captures, capture files and bytes from anywhere alike.
 */
package org.epcap.flow;
