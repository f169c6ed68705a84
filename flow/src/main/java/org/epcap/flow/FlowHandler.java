package org.epcap.flow;

/**
 * Receives flow records: when a flow ends, and for every live flow on {@link FlowTable#flush()}
 * or {@link FlowTable#snapshot}. Called on the thread that feeds the table, from inside
 * {@code accept}, {@code advanceTo} or {@code flush}: a handler must not feed the same table
 * (the record it gets is complete and the table consistent, but the packet being accepted is not
 * counted yet).
 *
 * <pre>{@code
 * FlowHandler print = r -> System.out.println(r.communityId() + " " + r.endReason());
 * }</pre>
 */
@FunctionalInterface
public interface FlowHandler {
    void onFlow(FlowRecord record);
}
