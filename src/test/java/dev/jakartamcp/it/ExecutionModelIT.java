package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.jakartamcp.it.McpHttpClient.V2025_03_26;
import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.arr;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution model: author code runs on the execution pool, so a 2025-era call that waits for the client's
 * elicitation answer holds no container thread. The deployment asks for an HTTP thread pool of {@link #HTTP_THREADS}
 * threads ({@code WEB-INF/test-http-threads}, read by {@link SharedPayaraMicro} and
 * {@link LibertyArquillianExtension}), which the first step shows; then more calls than that wait at once while other
 * requests are answered at once; the bound {@code mcp.execution.max-concurrent} refuses one call more with 503; and a
 * 2026-07-28 client that closes its response stream cancels the call. Fixture: {@code dev.jakartamcp.it.execution},
 * the conformance tool {@code test_elicitation} and the audit capture of {@code dev.jakartamcp.it.observability}.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class ExecutionModelIT extends EndpointIT {
    static final int HTTP_THREADS = 4;
    static final int WAITING = 3 * HTTP_THREADS;
    static final int MAX_CONCURRENT = WAITING + 2;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** "Answered at once" on a shared, loaded 2-core machine; the figures are printed. */
    private static final long PROMPT_MILLIS = 2000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpDeployments.withConformanceFixture(Map.of("mcp.execution.max-concurrent", Integer.toString(MAX_CONCURRENT),
                        "mcp.sse.keep-alive", "PT1S"))
                .addPackage("dev.jakartamcp.it.execution")
                .addPackage("dev.jakartamcp.it.observability")
                .addAsWebInfResource(new StringAsset(Integer.toString(HTTP_THREADS)), "test-http-threads");
    }

    @Test
    void callsWaitingForTheClientHoldNoContainerThread() throws Exception {
        LegacySession s = mcp().initialize(V2025_11_25);
        s.call("ping", obj());
        // the pool really is small: while HTTP_THREADS requests hold a container thread each, a ping waits for one
        HttpClient http = Http.client().build();
        List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
        for (int i = 0; i < HTTP_THREADS; i++) {
            holders.add(http.sendAsync(HttpRequest.newBuilder(URI.create(origin() + "/it-block?ms=3000")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);
        long starved = timed(() -> s.call("ping", obj()));
        for (CompletableFuture<HttpResponse<String>> holder : holders) {
            assertEquals(200, holder.get().statusCode());
        }
        System.out.printf("ExecutionModelIT: with %d requests holding the %d HTTP threads, a ping took %d ms%n",
                HTTP_THREADS, HTTP_THREADS, starved);
        assertTrue(starved >= 1000, "the HTTP pool is larger than " + HTTP_THREADS + " threads: a ping took only " + starved + " ms");

        // more calls than HTTP threads wait for the client's answer at once
        List<Streamed> calls = new ArrayList<>();
        List<JsonValue> questions = new ArrayList<>();
        try {
            for (int i = 0; i < WAITING; i++) {
                Streamed call = s.post(s.request(Json.createValue(1000 + i), "tools/call",
                        obj("name", "test_elicitation", "arguments", obj("message", "question " + i)))).open();
                calls.add(call);
                JsonObject question = call.events().nextMessage(WAIT);
                assertEquals("elicitation/create", question.getString("method"));
                assertEquals("question " + i, question.getJsonObject("params").getString("message"));
                questions.add(question.get("id"));
            }

            long ping = timed(() -> s.call("ping", obj()));
            long list = timed(() -> s.call("tools/list", obj()));
            long stateless = timed(() -> assertFalse(text(mcp().modern("tools/call")
                    .param("name", "execution_thread").param("arguments", obj()).send()).isBlank()));
            System.out.printf("ExecutionModelIT: %d calls waiting for elicitation answers, %d HTTP threads; ping %d ms, "
                    + "tools/list %d ms, stateless tools/call %d ms%n", WAITING, HTTP_THREADS, ping, list, stateless);
            assertTrue(ping < PROMPT_MILLIS && list < PROMPT_MILLIS && stateless < PROMPT_MILLIS,
                    "ping " + ping + " ms, tools/list " + list + " ms, tools/call " + stateless + " ms");

            // the bound: MAX_CONCURRENT calls run, one more is refused at once
            for (int i = WAITING; i < MAX_CONCURRENT; i++) {
                Streamed call = s.post(s.request(Json.createValue(1000 + i), "tools/call",
                        obj("name", "test_elicitation", "arguments", obj("message", "question " + i)))).open();
                calls.add(call);
                questions.add(call.events().nextMessage(WAIT).get("id"));
            }
            McpHttpClient.ModernCall oneMore = mcp().modern("tools/call").param("name", "execution_thread").param("arguments", obj());
            Reply refused = oneMore.send();
            refused.assertError(503, -31503, oneMore.id());
            assertTrue(refused.header("Retry-After").isPresent(), refused::toString);
            Reply legacyRefused = s.send("tools/call", obj("name", "execution_thread", "arguments", obj()));
            assertEquals(503, legacyRefused.status(), legacyRefused::toString);
            assertEquals(-31503, legacyRefused.object().getJsonObject("error").getInt("code"), legacyRefused::toString);
            assertTrue(s.call("ping", obj()).isEmpty(), "a ping needs no execution thread");
            // a 2025-03-26 batch with a call is one call of the pool: refused whole; one without author code is answered
            LegacySession batching = mcp().initialize(V2025_03_26);
            Reply batchRefused = batching.post(arr(obj("jsonrpc", "2.0", "id", 1, "method", "ping"),
                    obj("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params", obj("name", "execution_thread", "arguments", obj())))
                    .toString()).send();
            assertEquals(503, batchRefused.status(), batchRefused::toString);
            assertEquals(-31503, batchRefused.object().getJsonObject("error").getInt("code"), batchRefused::toString);
            assertTrue(batchRefused.header("Retry-After").isPresent(), batchRefused::toString);
            Reply batchAnswered = batching.post(arr(obj("jsonrpc", "2.0", "id", 1, "method", "ping"),
                    obj("jsonrpc", "2.0", "id", 2, "method", "tools/list")).toString()).send();
            assertEquals(200, batchAnswered.status(), batchAnswered::toString);
            assertEquals(2, ((JsonArray) batchAnswered.json()).size(), batchAnswered::toString);

            // answered, every waiting call completes with its own answer
            for (int i = 0; i < calls.size(); i++) {
                s.post(obj("jsonrpc", "2.0", "id", questions.get(i), "result", obj("action", "accept",
                        "content", obj("username", "user" + i, "email", "user" + i + "@example.com"))).toString()).send().assertAccepted();
            }
            for (int i = 0; i < calls.size(); i++) {
                JsonObject response = calls.get(i).events().awaitResponse(Json.createValue(1000 + i), WAIT, null);
                String text = response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
                assertTrue(text.contains("user" + i + "@example.com"), text);
            }
        } finally {
            calls.forEach(Streamed::close);
        }

        // and the pool takes calls again
        long deadline = System.nanoTime() + WAIT.toNanos();
        Reply again;
        do {
            again = mcp().modern("tools/call").param("name", "execution_thread").param("arguments", obj()).send();
        } while (again.status() == 503 && System.nanoTime() < deadline);
        String thread = text(again);
        System.out.println("ExecutionModelIT: a call runs on thread " + thread);
        assertFalse(thread.isBlank());
        Reply batch = mcp().initialize(V2025_03_26).post(arr(obj("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", obj("name", "execution_thread", "arguments", obj()))).toString()).send();
        assertEquals(200, batch.status(), batch::toString);
        String batchThread = ((JsonArray) batch.json()).getJsonObject(0).getJsonObject("result").getJsonArray("content")
                .getJsonObject(0).getString("text");
        System.out.println("ExecutionModelIT: a call of a 2025-03-26 batch runs on thread " + batchThread);
        assertFalse(batchThread.isBlank());

        // the calls refused for the bound are in the audit trail and the metrics, as unavailable for the limit "executions"
        JsonObject log = Json.createReader(new StringReader(text(mcp().modern("tools/call").param("name", "audit_log")
                .param("arguments", obj()).send()))).readObject();
        List<String> refusedMethods = log.getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .filter(e -> "UNAVAILABLE".equals(e.getString("outcome", null)) && "executions".equals(e.getString("reason", null)))
                .map(e -> e.getString("method")).toList();
        System.out.println("ExecutionModelIT: refused calls audited: " + refusedMethods);
        assertTrue(refusedMethods.stream().filter("tools/call"::equals).count() >= 2, refusedMethods::toString);
        assertTrue(refusedMethods.contains("batch"), refusedMethods::toString);
        double counted = PrometheusScrape.of(origin()).value("mcp_server_over_capacity_total", Map.of("limit", "executions"));
        assertEquals(refusedMethods.size(), counted, 0.0, "each counted in mcp.server.over_capacity");
    }

    @Test
    void aModernClientThatClosesItsStreamCancelsTheCall() throws Exception {
        int before = cancelledCalls();
        try (Streamed call = mcp().modern("tools/call").param("name", "wait_until_cancelled").param("arguments", obj())
                .meta("progressToken", "cancel-me").open()) {
            JsonObject progress = call.events().nextMessage(WAIT);
            assertEquals("notifications/progress", progress.getString("method"));
        }
        int after = cancelledCallsAfter(before);
        assertEquals(before + 1, after, "closing the response stream cancels the call, which sees isCancelled()");
    }

    /**
     * Without progress or log messages the answer would be plain JSON, written only when the call ends, and a container
     * reports no close of an idle connection: after a keep-alive interval the answer becomes an event stream whose
     * keep-alives find the client gone (the revision's rule: a disconnect cancels the request).
     */
    @Test
    void aModernClientThatClosesItsConnectionBeforeAnyEventCancelsTheCall() throws Exception {
        int before = cancelledCalls();
        long opened = System.nanoTime();
        try (Streamed call = mcp().modern("tools/call").param("name", "wait_until_cancelled").param("arguments", obj()).open()) {
            assertTrue(call.isSse(), "an event stream once the call ran a keep-alive interval");
            System.out.println("ExecutionModelIT: the answer became an event stream after "
                    + Duration.ofNanos(System.nanoTime() - opened).toMillis() + " ms (keep-alive PT1S)");
        }
        int after = cancelledCallsAfter(before);
        assertEquals(before + 1, after, "closing the connection cancels the call, which sees isCancelled()");
    }

    /** How many wait_until_cancelled calls saw their cancellation. */
    private int cancelledCalls() {
        return Integer.parseInt(text(mcp().modern("tools/call").param("name", "cancelled_calls").param("arguments", obj()).send()));
    }

    /** The count once it moved from {@code before}, or as it is after {@link #WAIT}. */
    private int cancelledCallsAfter(int before) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int after;
        do {
            Thread.sleep(200);
            after = cancelledCalls();
        } while (after == before && System.nanoTime() < deadline);
        return after;
    }

    private static long timed(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String text(Reply reply) {
        return reply.result().getJsonArray("content").getJsonObject(0).getString("text");
    }
}
