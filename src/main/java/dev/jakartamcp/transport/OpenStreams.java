package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Revocations;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Admission of long-lived streams (2025 GET streams, 2026-07-28 {@code subscriptions/listen}): at most
 * {@code mcp.streams.max} on the server (beyond: 503) and {@code mcp.streams.max-per-caller} per caller (beyond: 429),
 * both with {@code Retry-After}. A stream holds its {@link Ticket} until its response completes.
 */
@ApplicationScoped
public class OpenStreams {
    private static final Logger LOG = Logger.getLogger(OpenStreams.class.getName());
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    static final long REVOCATION_CHECK_MILLIS = 1000;

    @Inject
    McpSettings settings;

    @Inject
    StreamTimers timers;

    @Inject
    StreamCounts counts;

    @Inject
    Observations observations;

    private final AtomicLong refusedOnServer = new AtomicLong();
    private final AtomicLong refusedPerCaller = new AtomicLong();
    private final AtomicLong endedRevoked = new AtomicLong();
    /** The streams open on this node, to end those whose token is revoked. */
    private final Set<Ticket> opened = ConcurrentHashMap.newKeySet();
    /** From the first stream on, a look once a second for streams whose token the operator revoked since. */
    private final LazyCheck revocationChecks = new LazyCheck("mcp.auth.revoked-subjects", REVOCATION_CHECK_MILLIS, this::endRevoked);

    /** One admitted stream: who opened it, how, and what ends it; {@link #release()} is idempotent. */
    final class Ticket {
        private final Caller caller;
        private final String method;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile Runnable end = () -> { };

        private Ticket(Caller caller, String method) {
            this.caller = caller;
            this.method = method;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                counts.add(caller.quotaKey(), -1);
            }
        }
    }

    /**
     * Admits one more stream for {@code caller}, or throws the over-capacity or rate-limited error. Counting first and
     * checking after keeps concurrent admissions from all slipping through at the limit (a few may be refused
     * instead, and on a cluster the sum is as current as the grid).
     *
     * @param method what opens the stream ({@code GET /mcp}, {@code subscriptions/listen}), for the audit trail
     * @param observation the request's own, which then records a refusal (once, with the reason {@code streams});
     *                    null for a request observed nowhere else ({@code GET /mcp}), whose refusal is recorded here
     * @param traceparent for a refusal recorded here: the request's {@code traceparent} header (its record is then found
     *                    under the request's trace), or null
     */
    Ticket admit(Caller caller, String method, Observation observation, String traceparent) {
        int max = settings.maxStreams();
        int perCallerMax = settings.maxStreamsPerCaller();
        String key = caller.quotaKey();
        counts.add(key, 1);
        try {
            return checked(caller, method, key, max, perCallerMax, observation, traceparent);
        } catch (RuntimeException e) {
            if (!(e instanceof McpException refused) || refused.limit() != null) {
                counts.add(key, -1); // the counts could not be read (the grid did not answer): not admitted
            }
            throw e;
        }
    }

    private Ticket checked(Caller caller, String method, String key, int max, int perCallerMax, Observation observation,
                           String traceparent) {
        if (counts.total() > max) {
            counts.add(key, -1);
            refusedOnServer.incrementAndGet();
            refused(caller, method, AuditRecord.Outcome.UNAVAILABLE, observation, traceparent);
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of " + max
                    + " open streams (mcp.streams.max); try again later", RETRY_AFTER);
        }
        if (counts.of(key) > perCallerMax) {
            counts.add(key, -1);
            refusedPerCaller.incrementAndGet();
            refused(caller, method, AuditRecord.Outcome.RATE_LIMITED, observation, traceparent);
            throw McpException.rateLimited("Too Many Requests: a caller holds at most " + perCallerMax
                    + " open streams (mcp.streams.max-per-caller); close one first", RETRY_AFTER);
        }
        return new Ticket(caller, method);
    }

    private void refused(Caller caller, String method, AuditRecord.Outcome outcome, Observation observation, String traceparent) {
        if (observation != null) {
            observation.reason("streams");
        } else {
            observations.refused(caller, method, outcome, "streams", traceparent);
        }
    }

    /**
     * Admits a long-lived stream of {@code caller} answered on {@code sink}: its place is given back when the response
     * completes, and {@code end} ends it when the token it was opened with expires or is revoked (what it would carry
     * afterwards would reach nobody authorised). Throws the limit's error when no place is free; {@code observation} and
     * {@code traceparent} as for {@link #admit}.
     */
    void open(Caller caller, String method, HttpSink sink, Runnable end, Observation observation, String traceparent) {
        Ticket ticket = admit(caller, method, observation, traceparent);
        sink.whenCompleted(ticket::release);
        if (caller.verified()) {
            ticket.end = end;
            opened.add(ticket);
            sink.whenCompleted(() -> opened.remove(ticket));
            revocationChecks.ensureRunning(timers);
        }
        caller.tokenExpiry().ifPresent(expiry -> {
            ScheduledFuture<?> atExpiry = timers.after(expiry.toEpochMilli() - System.currentTimeMillis(), end);
            sink.whenCompleted(() -> atExpiry.cancel(false));
        });
    }

    /**
     * Ends the streams of this node opened with a token revoked since ({@code mcp.auth.revoked-subjects},
     * {@code mcp.auth.revoked-token-ids}), as their token's expiry would: audited as {@code CANCELLED} with reason
     * {@code revoked}.
     */
    void endRevoked() {
        if (opened.isEmpty()) {
            return;
        }
        Revocations revocations = settings.revocations();
        if (revocations.none()) {
            return;
        }
        int ended = 0;
        for (Ticket stream : opened) {
            if (revocations.revokes(stream.caller) && opened.remove(stream)) {
                ended++;
                // off the timer thread: the audit record may wait for room in a full audit trail (mcp.audit.max-backlog),
                // which would stop every keep-alive, deadline and token expiry of the server
                timers.offTimer(() -> {
                    try {
                        observations.refused(stream.caller, stream.method, AuditRecord.Outcome.CANCELLED, "revoked", null);
                        stream.end.run();
                    } catch (RuntimeException e) {
                        // one stream's failure does not keep the others open
                        LOG.log(Level.WARNING, "Ending a " + stream.method + " of a revoked token failed", e);
                    }
                });
            }
        }
        if (ended > 0) {
            endedRevoked.addAndGet(ended);
            int count = ended;
            LOG.info(() -> "Ended " + count + " stream(s) opened with a token revoked since (mcp.auth.revoked-subjects,"
                    + " mcp.auth.revoked-token-ids)");
        }
    }

    @PreDestroy
    void stop() {
        revocationChecks.stop();
    }

    /** Streams refused on this node since the start because the server (the cluster) held {@code mcp.streams.max}. */
    public long refusedOnServer() {
        return refusedOnServer.get();
    }

    /** Streams refused on this node since the start because their caller held {@code mcp.streams.max-per-caller}. */
    public long refusedPerCaller() {
        return refusedPerCaller.get();
    }

    /** Streams of this node ended since the start because their token was revoked. */
    public long endedRevoked() {
        return endedRevoked.get();
    }

    /** Streams open now (on a cluster: on every node). */
    public long open() {
        return counts.total();
    }
}
