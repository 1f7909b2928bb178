package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who called which tool, prompt, resource or completion, with what outcome, including the requests that were denied
 * or rate limited: one line each on the logger {@code dev.jakartamcp.audit}, so that operators can route it to its
 * own file or a log collector with the application server's logging configuration. Arguments are not logged: they
 * may carry personal data. Values are stripped of control characters and whitespace, so a line cannot be forged.
 */
@ApplicationScoped
public class AuditTrail {
    private static final Logger AUDIT = Logger.getLogger("dev.jakartamcp.audit");
    private static final int MAX_VALUE_LENGTH = 256;

    /** {@code TASK_CREATED}: a tools/call answered with a task; the task's end is recorded as method {@code task}. */
    public enum Outcome { OK, TOOL_ERROR, INPUT_REQUIRED, TASK_CREATED, CANCELLED, INVALID, DENIED, RATE_LIMITED, FAILED }

    public void record(Caller caller, String method, String name, String protocolVersion, Outcome outcome, Duration took) {
        if (!AUDIT.isLoggable(Level.INFO)) {
            return;
        }
        AUDIT.info(() -> String.format("%s %s by=%s iss=%s addr=%s protocol=%s outcome=%s ms=%d", sanitize(method), sanitize(name),
                caller.isAnonymous() ? "anonymous" : sanitize(caller.subject()), caller.isAnonymous() ? "-" : sanitize(caller.issuer()),
                caller.address().isEmpty() ? "-" : sanitize(caller.address()), protocolVersion, outcome, took.toMillis()));
    }

    static String sanitize(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String v = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) + "…" : value;
        return v.replaceAll("[\\p{Cntrl}\\s\\p{Z}]", "_");
    }
}
