package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who used which tool, prompt, resource or completion, with what outcome, and every request refused on the way (401,
 * 403, 429, also before the MCP layer): one {@link AuditRecord} each, fired as a CDI event for the application and
 * written as one JSON line ({@link AuditJson}) to the logger {@code dev.jakartamcp.audit}, which operators route to a
 * file or collector of its own with the server's logging configuration. Arguments are never kept, only their digest;
 * every text is cut to {@code mcp.audit.max-value-length}.
 *
 * <p>The request thread only hands the record over: the digest (which takes long for large arguments), the event and
 * the line are made on a thread of the container's managed thread factory, one record after the other in the order the requests
 * handed them over, so the lines of a caller keep the order of its requests. At most {@code mcp.audit.max-backlog}
 * records wait; a request that finds more answers only once they are within the bound again, writing waiting records
 * itself while no other thread does ({@link OrderedWorker}). No record
 * is dropped. {@link #awaitWritten} waits until the records handed over so far are out.
 */
@ApplicationScoped
public class AuditTrail {
    public static final String LOGGER = "dev.jakartamcp.audit";
    private static final Logger AUDIT = Logger.getLogger(LOGGER);
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    @Inject
    McpSettings settings;

    @Inject
    Event<AuditRecord> events;

    @Resource
    ManagedThreadFactory threads;

    private ExecutorService thread;
    private OrderedWorker<OperationRecord> writer;

    /** Made while the application starts: made first on a data grid listener thread, it would get no resources injected. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        thread = OrderedWorker.oneThread(threads);
        writer = new OrderedWorker<>("audit trail", thread, settings::auditMaxBacklog, this::write);
    }

    /** The application stops: what still waits is written here, nothing is lost. */
    @PreDestroy
    void stop() {
        thread.shutdown();
        writer.handleAll();
    }

    /** Called by {@link Observations} for every record; keeps the audited ones. */
    void record(OperationRecord record) {
        if (!record.audited()) {
            return;
        }
        writer.submit(record);
    }

    /**
     * Waits until every record handed over before this call has been written (its event fired, its line logged);
     * false when {@code timeout} passed first.
     */
    public boolean awaitWritten(Duration timeout) {
        return writer.awaitHandled(timeout);
    }

    private void write(OperationRecord record) {
        AuditRecord audit = toAudit(record, settings.auditMaxValueLength(),
                settings.auditArgumentDigest() ? ArgumentDigest.of(record.method(), record.arguments(), redacted(record)) : null);
        try {
            events.fire(audit);
        } catch (RuntimeException | Error e) {
            if (OrderedWorker.isFatal(e)) {
                writeLine(audit);
                throw e;
            }
            LOG.log(Level.WARNING, "An observer of AuditRecord failed; the audit line is still written", e);
        }
        writeLine(audit);
    }

    /** The names whose values the digest leaves out: {@code mcp.audit.redact}'s and the item's secret arguments. */
    private List<String> redacted(OperationRecord record) {
        List<String> configured = settings.auditRedact();
        if (record.secretArguments().isEmpty()) {
            return configured;
        }
        List<String> names = new ArrayList<>(configured);
        names.addAll(record.secretArguments());
        return names;
    }

    private void writeLine(AuditRecord audit) {
        if (settings.auditEnabled() && AUDIT.isLoggable(Level.INFO)) {
            AUDIT.info(AuditJson.line(audit));
        }
    }

    static AuditRecord toAudit(OperationRecord r, int max, String digest) {
        Caller caller = r.caller();
        boolean verified = caller != null && !caller.isAnonymous();
        return new AuditRecord(r.time(), cut(r.method(), max), r.itemKind() == null ? null : r.itemKind().label(),
                cut(r.itemName(), max), cut(r.resourceUri(), max),
                verified ? cut(caller.issuer(), max) : null, verified ? cut(caller.subject(), max) : null,
                verified ? cut(clientId(caller), max) : null, cut(r.clientName(), max), cut(r.clientVersion(), max),
                cut(r.protocolVersion(), max), digest, r.outcome(), r.errorType(), cut(r.reason(), max), r.duration(),
                cut(r.sessionId(), max), cut(r.requestId(), max), r.traceId(),
                caller == null || caller.address().isEmpty() ? null : cut(caller.address(), max));
    }

    /** The OAuth client the token was issued to: {@code azp}, else {@code client_id}. */
    static String clientId(Caller caller) {
        for (String claim : new String[]{"azp", "client_id"}) {
            Object value = caller.claims().get(claim);
            if (value instanceof String s && !s.isEmpty()) {
                return s;
            }
        }
        return null;
    }

    /** At most {@code max} characters, never splitting a surrogate pair; a cut value ends with "…". */
    static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }
}
