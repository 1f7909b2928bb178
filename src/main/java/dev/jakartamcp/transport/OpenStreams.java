package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission of long-lived streams (2025 GET streams, 2026-07-28 {@code subscriptions/listen}): at most
 * {@code mcp.streams.max} on the server (beyond: 503) and {@code mcp.streams.max-per-caller} per caller (beyond: 429),
 * both with {@code Retry-After}. A stream holds its {@link Ticket} until its response completes.
 */
@ApplicationScoped
public class OpenStreams {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

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

    /** One admitted stream; {@link #release()} is idempotent. */
    final class Ticket {
        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(String caller) {
            this.caller = caller;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                counts.add(caller, -1);
            }
        }
    }

    /**
     * Admits one more stream for {@code caller}, or throws the over-capacity or rate-limited error. Counting first and
     * checking after keeps concurrent admissions from all slipping through at the limit (a few may be refused
     * instead, and on a cluster the sum is as current as the grid).
     *
     * @param method what opens the stream ({@code GET /mcp}, {@code subscriptions/listen}), for the audit trail
     */
    Ticket admit(Caller caller, String method) {
        int max = settings.maxStreams();
        int perCallerMax = settings.maxStreamsPerCaller();
        String key = caller.quotaKey();
        counts.add(key, 1);
        if (counts.total() > max) {
            counts.add(key, -1);
            refusedOnServer.incrementAndGet();
            observations.refused(caller, method, AuditRecord.Outcome.UNAVAILABLE, "streams", null);
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of " + max
                    + " open streams (mcp.streams.max); try again later", RETRY_AFTER);
        }
        if (counts.of(key) > perCallerMax) {
            counts.add(key, -1);
            refusedPerCaller.incrementAndGet();
            observations.refused(caller, method, AuditRecord.Outcome.RATE_LIMITED, "streams", null);
            throw McpException.rateLimited("Too Many Requests: a caller holds at most " + perCallerMax
                    + " open streams (mcp.streams.max-per-caller); close one first", RETRY_AFTER);
        }
        return new Ticket(key);
    }

    /**
     * Admits a long-lived stream of {@code caller} answered on {@code sink}: its place is given back when the response
     * completes, and {@code atTokenExpiry} ends it when the token it was opened with expires (what it would carry
     * afterwards would reach nobody authorised). Throws the limit's error when no place is free.
     */
    void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry) {
        Ticket ticket = admit(caller, method);
        sink.whenCompleted(ticket::release);
        caller.tokenExpiry().ifPresent(expiry -> {
            ScheduledFuture<?> end = timers.after(expiry.toEpochMilli() - System.currentTimeMillis(), atTokenExpiry);
            sink.whenCompleted(() -> end.cancel(false));
        });
    }

    /** Streams refused on this node since the start because the server (the cluster) held {@code mcp.streams.max}. */
    public long refusedOnServer() {
        return refusedOnServer.get();
    }

    /** Streams refused on this node since the start because their caller held {@code mcp.streams.max-per-caller}. */
    public long refusedPerCaller() {
        return refusedPerCaller.get();
    }

    /** Streams open now (on a cluster: on every node). */
    public long open() {
        return counts.total();
    }
}
