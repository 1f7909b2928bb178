package dev.jakartamcp.it.auditstall;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture (permission {@code audit:test}): an application observer of {@link AuditRecord} that blocks on the
 * record of a call of {@code block_audit} until {@link AuditReleaseServlet} is asked (at most two minutes, so that a
 * failed test cannot hold the server), as an observer stuck on a slow remote sink would; and the records it saw.
 */
@ApplicationScoped
public class AuditStallFixture {
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    private final List<String> seen = new ArrayList<>();

    void observe(@Observes AuditRecord record) {
        synchronized (seen) {
            seen.add(record.method() + " " + record.itemName() + " " + record.outcome()
                    + (record.reason() == null ? "" : " " + record.reason()));
        }
        if ("block_audit".equals(record.itemName())) {
            try {
                RELEASE.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Tool(name = "block_audit", description = "Test fixture: its audit record blocks the audit trail until released",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("audit:test")
    public String blockAudit() {
        return "the audit trail blocks on this call's record";
    }

    @Tool(name = "audit_seen", description = "Test fixture: the audit records the application observed, one per line",
            readOnly = true, destructive = false, idempotent = false, openWorld = false)
    @RolesAllowed("audit:test")
    public String auditSeen() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }
}
