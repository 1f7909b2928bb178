package dev.jakartamcp.cluster;

import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.session.SessionStore;
import dev.jakartamcp.tasks.TaskStore;
import dev.jakartamcp.transport.StreamCounts;
import dev.jakartamcp.transport.StreamLog;

import java.util.Optional;

/**
 * The shared state of a cluster, kept in the application server's data grid: what {@link Cluster} hands to the rest
 * of the server when {@code mcp.cluster.enabled=true}. Its implementation ({@code dev.jakartamcp.cluster.grid}) uses
 * JCache and the grid's messaging; it is loaded only then, so that a server without a data grid never meets those
 * classes.
 */
public interface Grid extends AutoCloseable {
    SessionStore sessions();

    RateCounter rateCounter(String name);

    /** The secret called {@code name}, made by whichever node asks first. */
    Optional<byte[]> secret(String name);

    StreamLog streamLog();

    StreamCounts streamCounts();

    TaskStore tasks();

    /** Sends a message to every node of the cluster, this one included. */
    void publish(ClusterMessage message);

    /**
     * Sends a message to the one node {@code member} ({@link #localMember()} there), or nowhere when no such node is
     * in the cluster now.
     */
    void send(String member, ClusterMessage message);

    /** This node's identity in the grid. */
    String localMember();

    /**
     * How many of the members this node sees now the grid answers for: one read of a key of each member's partitions,
     * waited for at most {@code timeout}. A member that does not answer (frozen, cut off and not yet declared dead)
     * holds every grid call on its partitions, the WAR's until {@code mcp.cluster.grid-timeout}; the probe does not
     * read it again while its last read (bounded only by the grid's own timeouts) is pending.
     */
    GridReach reach(java.time.Duration timeout);

    @Override
    void close();
}
