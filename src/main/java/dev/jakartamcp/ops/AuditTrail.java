package dev.jakartamcp.ops;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Texts;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * is dropped while the trail moves. {@link #awaitWritten} waits until the records handed over so far are out.
 *
 * <p>A trail that does not move — more than the bound waiting and none written for {@code mcp.audit.stall-timeout},
 * because an observer of {@link AuditRecord} or the log handler blocks — is {@linkplain #stalled() stalled}: requests
 * stop waiting for it (they would wait forever), author code is not run ({@code AuthorExecution} refuses calls with
 * 503, so nothing is done that the trail could not record), readiness is DOWN, and the records of what still happens
 * (refusals) are counted as dropped, with a {@code SEVERE} line at most once a minute. It recovers by itself when the
 * writer finishes a record again.
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
    private OrderedWorker<Pending> writer;
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastStallLog = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - STALL_LOG_INTERVAL);
    private static final long STALL_LOG_INTERVAL = Duration.ofMinutes(1).toNanos();

    /** Made while the application starts: made first on a data grid listener thread, it would get no resources injected. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        thread = OrderedWorker.oneThread(threads);
        writer = new OrderedWorker<>("audit trail", thread, settings::auditMaxBacklog, settings::auditStallTimeout, this::write);
    }

    /**
     * The application stops: what still waits is written here, nothing is lost while the trail moves (however slowly);
     * one that wrote nothing for {@link #STOP_WAIT} is stalled, and what is left is counted as dropped and named in the
     * log.
     */
    @PreDestroy
    void stop() {
        thread.shutdown();
        int left = writer.handleAll(STOP_WAIT);
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.severe(left + " audit records were not written: the audit trail was stalled when the application stopped");
        }
    }

    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** Called by {@link Observations} for every record; keeps the audited ones. */
    void record(OperationRecord record) {
        if (!record.audited()) {
            return;
        }
        if (writer.stalled() || !writer.submit(pending(record))) { // stalled: not even a heavy digest is made
            long count = dropped.incrementAndGet();
            long last = lastStallLog.get();
            long now = System.nanoTime();
            if (now - last >= STALL_LOG_INTERVAL && lastStallLog.compareAndSet(last, now)) {
                LOG.severe(() -> "The audit trail has written no record for " + writer.stallTimeout() + " while more than "
                        + writer.maxBacklog() + " (mcp.audit.max-backlog) wait: an observer of AuditRecord or the"
                        + " log handler of " + LOGGER + " blocks. Calls running author code are refused with 503 and"
                        + " readiness is DOWN until it writes again; records dropped meanwhile: " + count);
            }
        }
    }

    /** Whether the trail is stalled (see the class comment): no author code may run, as its record could not be kept. */
    public boolean stalled() {
        return writer.stalled();
    }

    /** Records refused while the trail was stalled, since the start. */
    public long dropped() {
        return dropped.get();
    }

    /** Records waiting to be written. */
    public int waiting() {
        return writer.backlogSize();
    }


    /**
     * Waits until every record handed over before this call has been written (its event fired, its line logged);
     * false when {@code timeout} passed first.
     */
    public boolean awaitWritten(Duration timeout) {
        return writer.awaitHandled(timeout);
    }

    /**
     * A record waiting to be written, and the digest of its arguments when it was made on the request thread: for
     * arguments beyond {@link #EAGER_DIGEST_WEIGHT}, so that a waiting record holds little of a request. A full
     * backlog of records holding arguments of requests near {@code mcp.max-request-bytes} (parsed, several times
     * their size) would take gigabytes, and the one writer digests more slowly than the HTTP threads parse.
     */
    record Pending(OperationRecord record, String digest) {
    }

    /**
     * Arguments weighing more than this — one per value (object, array, scalar), one more per 64 characters of a
     * string or key or 64 digits of a number — are digested on the request thread: about 64 KiB of text, or a thousand small values, at most
     * is kept per waiting record. Small ones, nearly every call's, are left to the writer, off the request thread.
     */
    static final int EAGER_DIGEST_WEIGHT = 1024;

    Pending pending(OperationRecord made) {
        // cut here, not only when written: a name, URI or request id asked for may be as long as a request, and a
        // full backlog of records each holding one or two of them would take gigabytes
        int max = maxValueLength();
        OperationRecord record = made.withTextCut(value -> Texts.cut(value, max));
        if (record.arguments() == null || Weight.of(record.arguments(), EAGER_DIGEST_WEIGHT) <= EAGER_DIGEST_WEIGHT) {
            return new Pending(record, null);
        }
        String digest = argumentDigest() ? ArgumentDigest.of(record.method(), record.arguments(), redacted(record)) : null;
        return new Pending(record.withoutArguments(), digest);
    }

    /** The weight of a JSON value as {@link #EAGER_DIGEST_WEIGHT} counts it, read no further than beyond {@code limit}. */
    static final class Weight {
        private final int limit;
        private int weight;

        private Weight(int limit) {
            this.limit = limit;
        }

        static int of(JsonValue value, int limit) {
            Weight counter = new Weight(limit);
            counter.add(value);
            return counter.weight;
        }

        private void add(JsonValue value) {
            if (weight > limit) {
                return;
            }
            weight++;
            switch (value.getValueType()) {
                case STRING -> weight += ((JsonString) value).getString().length() / 64;
                // a number of a thousand digits weighs as the text it is (and costs the writer as much to digest)
                case NUMBER -> weight += ((JsonNumber) value).bigDecimalValue().precision() / 64;
                case ARRAY -> {
                    for (JsonValue element : (JsonArray) value) {
                        add(element);
                        if (weight > limit) {
                            return;
                        }
                    }
                }
                case OBJECT -> {
                    for (Map.Entry<String, JsonValue> member : ((JsonObject) value).entrySet()) {
                        weight += member.getKey().length() / 64;
                        add(member.getValue());
                        if (weight > limit) {
                            return;
                        }
                    }
                }
                default -> { }
            }
        }
    }

    private void write(Pending pending) {
        OperationRecord record = pending.record();
        String digest = pending.digest();
        if (digest == null && record.arguments() != null && argumentDigest()) {
            digest = ArgumentDigest.of(record.method(), record.arguments(), redacted(record));
        }
        AuditRecord audit = toAudit(record, maxValueLength(), digest);
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

    // The live settings of what a record holds: one broken while the server runs must not lose the records (the calls
    // go on), so each counts as its default until mended, the problem logged once (LiveFallback).

    private int maxValueLength() {
        return LiveFallback.read(settings::auditMaxValueLength, McpSettings.DEFAULT_AUDIT_MAX_VALUE_LENGTH);
    }

    private boolean argumentDigest() {
        return LiveFallback.read(settings::auditArgumentDigest, true);
    }

    /** The names whose values the digest leaves out: {@code mcp.audit.redact}'s and the item's secret arguments. */
    private List<String> redacted(OperationRecord record) {
        List<String> configured = LiveFallback.read(settings::auditRedact, McpSettings.DEFAULT_AUDIT_REDACT);
        if (record.secretArguments().isEmpty()) {
            return configured;
        }
        List<String> names = new ArrayList<>(configured);
        names.addAll(record.secretArguments());
        return names;
    }

    private void writeLine(AuditRecord audit) {
        if (LiveFallback.read(settings::auditEnabled, true) && AUDIT.isLoggable(Level.INFO)) {
            AUDIT.info(AuditJson.line(audit));
        }
    }

    static AuditRecord toAudit(OperationRecord r, int max, String digest) {
        Caller caller = r.caller();
        boolean verified = caller != null && !caller.isAnonymous();
        return new AuditRecord(r.time(), Texts.cut(r.method(), max), r.itemKind() == null ? null : r.itemKind().label(),
                Texts.cut(r.itemName(), max), Texts.cut(r.resourceUri(), max),
                verified ? Texts.cut(caller.issuer(), max) : null, verified ? Texts.cut(caller.subject(), max) : null,
                verified ? Texts.cut(clientId(caller), max) : null, Texts.cut(r.clientName(), max), Texts.cut(r.clientVersion(), max),
                Texts.cut(r.protocolVersion(), max), digest, r.outcome(), r.errorType(), Texts.cut(r.reason(), max), r.duration(),
                Texts.cut(r.sessionId(), max), Texts.cut(r.requestId(), max), r.traceId(),
                caller == null || caller.address().isEmpty() ? null : Texts.cut(caller.address(), max));
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
}
