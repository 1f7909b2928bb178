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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
    Observations observations;

    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();

    /** One admitted stream; {@link #release()} is idempotent. */
    final class Ticket {
        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(String caller) {
            this.caller = caller;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                perCaller.computeIfPresent(caller, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
    }

    /**
     * Admits one more stream for {@code caller}, or throws the over-capacity or rate-limited error.
     *
     * @param method what opens the stream ({@code GET /mcp}, {@code subscriptions/listen}), for the audit trail
     */
    Ticket admit(Caller caller, String method) {
        int max = settings.maxStreams();
        int perCallerMax = settings.maxStreamsPerCaller();
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the server holds its maximum of " + max
                    + " open streams (mcp.streams.max); try again later", RETRY_AFTER);
        }
        String key = caller.quotaKey();
        boolean[] admitted = {false};
        perCaller.compute(key, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < perCallerMax) {
                c.incrementAndGet();
                admitted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            observations.refused(caller, method, AuditRecord.Outcome.RATE_LIMITED, "streams", null);
            throw McpException.rateLimited("Too Many Requests: a caller holds at most " + perCallerMax
                    + " open streams (mcp.streams.max-per-caller); close one first", RETRY_AFTER);
        }
        return new Ticket(key);
    }

    /** Streams open now. */
    public int open() {
        return total.get();
    }
}
