package dev.jakartamcp.cluster;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.session.SessionEnded;

import java.util.function.Consumer;

/**
 * What a {@link Grid} needs from the server it runs in: the settings, where messages from the other nodes go, and how
 * to announce on this node that a session ended.
 */
public record GridContext(McpSettings settings, Consumer<ClusterMessage> onMessage, Consumer<SessionEnded> sessionEnded) {
}
