package dev.jakartamcp.protocol;

import dev.jakartamcp.api.LogLevel;

import java.util.Optional;
import java.util.Set;

/** What a feature may know and change of a legacy (2025) session. Absent for modern, stateless requests. */
public interface SessionView {
    String id();

    Optional<LogLevel> logLevel();

    void logLevel(LogLevel level);

    /** Resource URIs this session subscribed to with resources/subscribe. */
    Set<String> subscriptions();
}
