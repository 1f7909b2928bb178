package dev.jakartamcp.it.observability;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.AuditTrail;
import jakarta.inject.Inject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test fixture: what an application sees of the audit trail, both ways: the {@link AuditRecord} CDI events it observes,
 * and the lines written to the logger {@code dev.jakartamcp.audit} (through a {@code java.util.logging} handler, as a
 * server's log handler receives them). Keeps the last {@link #MAX} of each. The trail is written off the request
 * thread: reading waits until every record handed over before is written.
 */
@ApplicationScoped
public class AuditCapture {
    static final int MAX = 500;

    private final Deque<AuditRecord> events = new ArrayDeque<>();
    private final Deque<String> lines = new ArrayDeque<>();
    private final Logger audit = Logger.getLogger("dev.jakartamcp.audit");

    @Inject
    AuditTrail trail;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.addLast(record.getMessage());
                if (lines.size() > MAX) {
                    lines.removeFirst();
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        audit.addHandler(handler);
    }

    @PreDestroy
    void stop() {
        audit.removeHandler(handler);
    }

    void observe(@Observes AuditRecord record) {
        synchronized (events) {
            events.addLast(record);
            if (events.size() > MAX) {
                events.removeFirst();
            }
        }
    }

    List<AuditRecord> events() {
        trail.awaitWritten(Duration.ofSeconds(30));
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<String> lines() {
        trail.awaitWritten(Duration.ofSeconds(30));
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
