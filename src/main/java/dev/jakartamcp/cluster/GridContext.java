package dev.jakartamcp.cluster;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.session.SessionEnded;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a {@link Grid} needs from the server it runs in: the settings, where messages from the other nodes go, how
 * to announce on this node that a session ended, a thread for the grid's counts of sessions and tasks (which wait for
 * every member: never a request's thread), and one for the grid work its events ask for (an expired session's end, a
 * task's announced change), which must not hold the grid's own event threads nor the counts.
 */
public record GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded,
                          Executor counting, Executor gridEvents) {

    /** Counting and the grid's events on the thread that asks (tests). */
    public GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded) {
        this(settings, onMessage, sessionEnded, Runnable::run);
    }

    /** The grid's events handled on {@code counting} too (tests). */
    public GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded, Executor counting) {
        this(settings, onMessage, sessionEnded, counting, counting);
    }
}
