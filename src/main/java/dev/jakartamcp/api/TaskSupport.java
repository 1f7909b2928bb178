package dev.jakartamcp.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a tool runs as a task (the tasks extension, {@code io.modelcontextprotocol/tasks}, protocol 2026-07-28):
 * the client gets a task handle at once and polls for the result while the work runs on the server's managed
 * executor. Operators change it while the server runs with {@code mcp.tools.<name>.task}.
 */
public enum TaskSupport {
    /** Never a task: the call is answered when the work is done. */
    NONE,
    /** A task when the request declares the tasks extension; answered directly otherwise. */
    OPTIONAL,
    /**
     * Only as a task: a 2026-07-28 request that does not declare the tasks extension gets -32021 (missing client
     * capability); a 2025 session, where the extension does not exist, gets the tool's answer directly.
     */
    REQUIRED;

    /** The configuration spelling: {@code none}, {@code optional}, {@code required}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TaskSupport> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }
}
