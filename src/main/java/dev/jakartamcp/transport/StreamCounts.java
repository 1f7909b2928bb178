package dev.jakartamcp.transport;

/**
 * How many long-lived streams are open, server-wide and per caller: on this server, or summed over the nodes of a
 * cluster (each node adds its own; a node that dies stops counting).
 */
public interface StreamCounts {
    /** Adds {@code delta} (+1 or -1) to this node's count for {@code quotaKey}. */
    void add(String quotaKey, int delta);

    long total();

    long of(String quotaKey);
}
