package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.ProtocolRevision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static dev.jakartamcp.protocol.ProtocolRevision.V2025_03_26;
import static dev.jakartamcp.protocol.ProtocolRevision.V2025_11_25;
import static dev.jakartamcp.protocol.ProtocolRevision.V2026_07_28;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
