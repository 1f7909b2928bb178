package dev.jakartamcp.protocol;

import dev.jakartamcp.api.LogLevel;

import java.util.Optional;

/** What a feature may know and change of a legacy (2025) session. Absent for modern, stateless requests. */
public interface SessionView {
    String id();

    Optional<LogLevel> logLevel();

    void logLevel(LogLevel level);

    /** Subscribes to updates of {@code uri}; false when the session already holds {@code max} other subscriptions. */
    boolean subscribe(String uri, int max);

    void unsubscribe(String uri);

    boolean isSubscribed(String uri);
}
