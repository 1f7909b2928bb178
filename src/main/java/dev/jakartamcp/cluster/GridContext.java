package dev.jakartamcp.cluster;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.session.SessionEnded;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What a {@link Grid} needs from the server it runs in: the settings, where messages from the other nodes go, how
 * to announce on this node that a session ended, and a thread for the grid's counts of sessions and tasks (which
 * wait for every member: never a request's thread).
 */
public record GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded,
                          Executor counting) {

    /** Counting on the thread that asks (tests). */
    public GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded) {
        this(settings, onMessage, sessionEnded, Runnable::run);
    }
}
