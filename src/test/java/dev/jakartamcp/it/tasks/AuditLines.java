package dev.jakartamcp.it.tasks;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Test fixture of TasksIT: keeps the last audit lines of this deployment, so that the test can read the audit trail. */
@ApplicationScoped
public class AuditLines {
    private static final Logger AUDIT = Logger.getLogger("dev.jakartamcp.audit");
    private final Deque<String> lines = new ArrayDeque<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.addLast(record.getMessage());
                while (lines.size() > 1000) {
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
        AUDIT.addHandler(handler);
    }

    @PreDestroy
    void stop() {
        AUDIT.removeHandler(handler);
    }

    @Tool(name = "audit_lines", description = "The audit lines of one subject", readOnly = true, destructive = false)
    public List<String> auditLines(@Arg(description = "The subject") String subject) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(" by=" + subject + " ")).toList();
        }
    }
}
