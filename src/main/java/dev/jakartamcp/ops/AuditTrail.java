package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who called which tool, resource or prompt, with what outcome: one line per call on the logger
 * {@code dev.jakartamcp.audit}, so that operators can route it to its own file or a log collector with the
 * application server's logging configuration. Arguments are not logged: they may carry personal data.
 */
@ApplicationScoped
public class AuditTrail {
    private static final Logger AUDIT = Logger.getLogger("dev.jakartamcp.audit");

    public enum Outcome { OK, TOOL_ERROR, INPUT_REQUIRED, DENIED, FAILED }

    public void record(Caller caller, String kind, String name, String protocolVersion, Outcome outcome, Duration took) {
        if (!AUDIT.isLoggable(Level.INFO)) {
            return;
        }
        AUDIT.info(() -> String.format("%s %s by=%s iss=%s protocol=%s outcome=%s ms=%d", kind, sanitize(name),
                caller.isAnonymous() ? "anonymous" : sanitize(caller.subject()), caller.isAnonymous() ? "-" : sanitize(caller.issuer()),
                protocolVersion, outcome, took.toMillis()));
    }

    private static String sanitize(String value) {
        return value == null ? "-" : value.replaceAll("[\\p{Cntrl}\\s]", "_");
    }
}
