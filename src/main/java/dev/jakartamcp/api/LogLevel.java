package dev.jakartamcp.api;

import java.util.Locale;
import java.util.Optional;

/** Severity of a log message sent to the client (RFC 5424 levels), lowest first. */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LogLevel> fromWire(String value) {
        for (LogLevel l : values()) {
            if (l.wire().equals(value)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
