package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.jakartamcp.it.McpHttpClient.V2025_03_26;
import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.arr;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mcp.execution.timeout} and a tool's own {@code mcp.tools.<name>.timeout}: a call still running at its deadline
 * is answered with -31504 and cancelled, in either era, whether its answer is plain JSON or a stream, and audited; the server goes on serving. Fixture:
 * {@code dev.jakartamcp.it.execution} (a tool that runs until cancelled, and how many saw their cancellation), the
 * conformance tool {@code test_elicitation} and the audit capture of {@code dev.jakartamcp.it.observability}.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class CallDeadlineIT extends EndpointIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** test_elicitation's own time limit, longer than the server-wide one. */
    private static final Duration ELICITATION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.withConformanceFixture(Map.of("mcp.execution.timeout", TIMEOUT.toString(),
                        "mcp.tools.test_elicitation.timeout", ELICITATION_TIMEOUT.toString()))
                .addPackage("dev.jakartamcp.it.execution")
                .addPackage("dev.jakartamcp.it.observability");
    }

    @Test
    void aCallRunningPastItsDeadlineIsAnsweredAsTimedOutAndCancelled() throws Exception {
        int cancelledBefore = cancelledCalls();
        Map<String, String> timedOutCalls = Map.of("mcp_method_name", "tools/call", "error_type", "-31504");
        double measuredBefore = PrometheusScrape.of(origin()).sum("mcp_server_operation_duration_seconds_count", timedOutCalls);

        // 2026-07-28, plain JSON: nothing was sent before the deadline
        ModernCall plain = mcp().modern("tools/call").param("name", "wait_until_cancelled").param("arguments", obj());
        long started = System.nanoTime();
        Reply reply = plain.send();
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        JsonObject error = reply.assertError(200, -31504, plain.id());
        assertTimedOut(error.getString("message"));
        System.out.printf("CallDeadlineIT: a call past its %s deadline answered after %d ms%n", TIMEOUT, tookMillis);
        assertTrue(tookMillis >= TIMEOUT.toMillis() && tookMillis < TIMEOUT.toMillis() + 10_000, tookMillis + " ms");

        // 2026-07-28, a stream: a progress notification went first
        try (Streamed streamed = mcp().modern("tools/call").param("name", "wait_until_cancelled").param("arguments", obj())
                .meta("progressToken", "deadline").open()) {
            assertEquals("notifications/progress", streamed.events().nextMessage(WAIT).getString("method"));
            JsonObject answer = streamed.events().nextMessage(WAIT);
            assertEquals(-31504, answer.getJsonObject("error").getInt("code"), answer::toString);
            assertTimedOut(answer.getJsonObject("error").getString("message"));
        }

        // both calls saw their cancellation and ended
        long deadline = System.nanoTime() + WAIT.toNanos();
        int cancelled;
        do {
            Thread.sleep(100);
            cancelled = cancelledCalls();
        } while (cancelled < cancelledBefore + 2 && System.nanoTime() < deadline);
        assertEquals(cancelledBefore + 2, cancelled, "each call past its deadline was cancelled");

        // 2025-11-25: a call waiting for the client's elicitation answer, of a tool with a time limit of its own
        LegacySession session = mcp().initialize(V2025_11_25);
        JsonValue id = Json.createValue(7);
        started = System.nanoTime();
        try (Streamed call = session.post(session.request(id, "tools/call",
                obj("name", "test_elicitation", "arguments", obj("message", "never answered")))).open()) {
            assertEquals("elicitation/create", call.events().nextMessage(WAIT).getString("method"));
            JsonObject answer = call.events().awaitResponse(id, WAIT, null);
            tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(-31504, answer.getJsonObject("error").getInt("code"), answer::toString);
            assertEquals("Request timed out: the call ran longer than " + ELICITATION_TIMEOUT
                    + " (mcp.tools.test_elicitation.timeout) and was cancelled", answer.getJsonObject("error").getString("message"));
        }
        System.out.printf("CallDeadlineIT: a call of a tool with its own %s deadline answered after %d ms%n", ELICITATION_TIMEOUT, tookMillis);
        assertTrue(tookMillis >= ELICITATION_TIMEOUT.toMillis() && tookMillis < ELICITATION_TIMEOUT.toMillis() + 10_000,
                tookMillis + " ms: the tool's own time limit, not mcp.execution.timeout");
        assertTrue(session.call("ping", obj()).isEmpty(), "the session goes on");

        // audited and counted
        JsonObject log = Json.createReader(new StringReader(mcp().modern("tools/call").param("name", "audit_log").param("arguments", obj())
                .send().result().getJsonArray("content").getJsonObject(0).getString("text"))).readObject();
        List<String> timedOut = log.getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .filter(e -> "CANCELLED".equals(e.getString("outcome", null)) && "timeout".equals(e.getString("reason", null)))
                .map(e -> e.getString("method") + " " + e.getString("protocolVersion", "-")).toList();
        System.out.println("CallDeadlineIT: audited as timed out: " + timedOut);
        assertEquals(3, timedOut.stream().filter(m -> m.startsWith("tools/call")).count(), timedOut::toString);
        assertEquals(3, PrometheusScrape.of(origin()).value("mcp_server_timed_out_total", Map.of("mcp_method_name", "tools/call")),
                "counted in mcp.server.timed_out");
        // and measured as what the client got once their code returned (on cancellation): error.type -31504, never
        // as the success or the failure the code returned after the answer
        long until = System.nanoTime() + WAIT.toNanos();
        double measured = PrometheusScrape.of(origin()).sum("mcp_server_operation_duration_seconds_count", timedOutCalls) - measuredBefore;
        while (measured < 3 && System.nanoTime() < until) {
            Thread.sleep(200);
            measured = PrometheusScrape.of(origin()).sum("mcp_server_operation_duration_seconds_count", timedOutCalls) - measuredBefore;
        }
        assertEquals(3, measured, "mcp.server.operation.duration with error.type -31504");
    }

    @Test
    void aBatchRunningPastItsDeadlineIsAnsweredItsRunningCallCancelledAndTheRestNeverStarted() throws Exception {
        int cancelledBefore = cancelledCalls();
        LegacySession batching = mcp().initialize(V2025_03_26);
        JsonObject wait = obj("name", "wait_until_cancelled", "arguments", obj());
        long started = System.nanoTime();
        Reply reply = batching.post(arr(obj("jsonrpc", "2.0", "id", 0, "method", "ping"),
                obj("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params", wait),
                obj("jsonrpc", "2.0", "method", "notifications/progress", "params", obj("progressToken", "t", "progress", 1)),
                obj("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params", wait)).toString()).send();
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(200, reply.status(), reply::toString);
        // one response per request, matched by id (2025-03-26 transports): the ping's answer, the deadline's error for
        // the call it cancelled and for the one it never started, nothing for the notification
        JsonArray answers = Json.createReader(new StringReader(reply.body())).readArray();
        assertEquals(3, answers.size(), reply::toString);
        assertEquals(0, answers.getJsonObject(0).getInt("id"), reply::toString);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answers.getJsonObject(0).getJsonObject("result"), reply::toString);
        for (int i = 1; i <= 2; i++) {
            assertEquals(i, answers.getJsonObject(i).getInt("id"), reply::toString);
            JsonObject error = answers.getJsonObject(i).getJsonObject("error");
            assertEquals(-31504, error.getInt("code"), reply::toString);
            assertTimedOut(error.getString("message"));
        }
        assertTrue(tookMillis >= TIMEOUT.toMillis() && tookMillis < TIMEOUT.toMillis() + 10_000, tookMillis + " ms");

        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((cancelledCalls() < cancelledBefore + 1 || waitingCalls() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(cancelledBefore + 1, cancelledCalls(), "the batch's running call saw its cancellation");
        Thread.sleep(1000);
        assertEquals(0, waitingCalls(), "the batch's second call never started");
        assertEquals(cancelledBefore + 1, cancelledCalls());
        assertTrue(batching.call("ping", obj()).isEmpty(), "the session goes on");
    }

    private int waitingCalls() {
        return Integer.parseInt(mcp().modern("tools/call").param("name", "waiting_calls").param("arguments", obj()).send()
                .result().getJsonArray("content").getJsonObject(0).getString("text"));
    }

    private int cancelledCalls() {
        return Integer.parseInt(mcp().modern("tools/call").param("name", "cancelled_calls").param("arguments", obj()).send()
                .result().getJsonArray("content").getJsonObject(0).getString("text"));
    }

    private static void assertTimedOut(String message) {
        assertEquals("Request timed out: the call ran longer than " + TIMEOUT + " (mcp.execution.timeout) and was cancelled", message);
    }
}
