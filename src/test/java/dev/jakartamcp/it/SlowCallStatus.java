package dev.jakartamcp.it;

import java.time.Duration;

import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The client side of the fixture's {@code test_slow_status}: how the {@code test_slow} call with a label stands. */
final class SlowCallStatus {
    private SlowCallStatus() {
    }

    /** Asks until the call labelled {@code label} is {@code expected} (running, cancelled, finished), for at most {@code within}. */
    static void await(McpHttpClient mcp, String label, String expected, Duration within, String message) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String status;
        do {
            Thread.sleep(100);
            McpHttpClient.ModernCall ask = mcp.modern("tools/call").param("name", "test_slow_status").param("arguments", obj("label", label));
            status = ask.send().result(ask.id()).getJsonArray("content").getJsonObject(0).getString("text");
        } while (!status.equals(expected) && System.nanoTime() < deadline);
        assertEquals(expected, status, message);
    }
}
