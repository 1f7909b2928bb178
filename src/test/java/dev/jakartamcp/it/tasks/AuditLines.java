package dev.jakartamcp.it.tasks;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.ops.AuditTrail;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Test fixture of TasksIT: observes the audit trail's {@link AuditRecord} events (the public API applications use)
 * and keeps the last 1000 of this deployment, so that the test can read them: one line per record, method, item, the
 * subject, protocol and outcome first, then the whole record.
 */
@ApplicationScoped
public class AuditLines {
    private final Deque<AuditRecord> records = new ArrayDeque<>();

    @Inject
    AuditTrail trail;

    void audited(@Observes AuditRecord record) {
        synchronized (records) {
            records.addLast(record);
            while (records.size() > 1000) {
                records.removeFirst();
            }
        }
    }

    @Tool(name = "audit_lines", description = "The audit records of one subject", readOnly = true, destructive = false)
    public List<String> auditLines(@Arg(description = "The subject") String subject) {
        // the trail is written off the request thread: wait for the records handed over before this call
        trail.awaitWritten(Duration.ofSeconds(30));
        synchronized (records) {
            return records.stream().filter(r -> subject.equals(r.subject()))
                    .map(r -> r.method() + " " + r.itemName() + " by=" + r.subject() + " protocol=" + r.protocolVersion()
                            + " outcome=" + r.outcome() + " " + r)
                    .toList();
        }
    }
}
