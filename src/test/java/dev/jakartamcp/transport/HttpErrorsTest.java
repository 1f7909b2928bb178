package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.limits.RateLimit;
import dev.jakartamcp.limits.RateLimiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static dev.jakartamcp.protocol.ProtocolRevision.V2025_03_26;
import static dev.jakartamcp.protocol.ProtocolRevision.V2025_11_25;
import static dev.jakartamcp.protocol.ProtocolRevision.V2026_07_28;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpErrorsTest {

    private static void assertStatus(int legacy, int modern, McpException e) {
        for (ProtocolRevision r : new ProtocolRevision[]{V2025_03_26, V2025_11_25}) {
            assertEquals(legacy, HttpErrors.status(e, r), e.getMessage() + " in " + r);
        }
        assertEquals(modern, HttpErrors.status(e, V2026_07_28), e.getMessage() + " in 2026-07-28");
    }

    @Test
    void statusesFollowWhatWentWrongAndTheRevision() {
        assertStatus(200, 200, McpException.invalidParams("unknown tool"));
        assertStatus(200, 400, McpException.badParams("bad requestState"));
        assertStatus(200, 404, McpException.methodNotFound("x/y"));
        assertStatus(403, 403, McpException.forbidden("no", Set.of("a"), null));
        assertStatus(429, 429, McpException.rateLimited("slow down", Duration.ofSeconds(3)));
        assertStatus(503, 503, McpException.overCapacity(ErrorCode.OVER_CAPACITY, "full", Duration.ofSeconds(30)));
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertEquals(1, HttpErrors.retryAfterSeconds(Duration.ofMillis(1)));
        assertEquals(2, HttpErrors.retryAfterSeconds(Duration.ofMillis(1001)));
        assertEquals(30, HttpErrors.retryAfterSeconds(Duration.ofSeconds(30)));
        assertEquals(7, HttpErrors.retryAfterSeconds(Duration.ofNanos(6_000_000_500L)), "a wait just past 6 s is 7, not 6");
    }

    @Test
    void aCallerWhoWaitsTheRetryAfterIsLetThrough() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, nanos::get);
        RateLimit limit = RateLimit.perMinute(1);
        assertTrue(limiter.acquire("alice", limit).isEmpty());
        nanos.set(999_999_500L);
        Duration wait = limiter.acquire("alice", limit).orElseThrow();
        long retryAfter = HttpErrors.retryAfterSeconds(wait);
        nanos.addAndGet(Duration.ofSeconds(retryAfter).toNanos());
        assertTrue(limiter.acquire("alice", limit).isEmpty(), "refused again after Retry-After: " + retryAfter + " for a wait of " + wait);
    }
}
