package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link McpServlet} on hand-made requests: every entry point answers JSON-RPC errors, never the container's error
 * page, whatever fails and whenever; repeated headers and refused bodies; the transport's settings.
 */
class McpServletTest {
    private final Map<String, String> config = new HashMap<>();
    /** What the handler behind the servlet does with a request; by default, fail unexpectedly. */
    private Consumer<HttpServletResponse> behind = r -> {
        throw new IllegalStateException("secret detail: /etc/passwd");
    };
    private int handled;
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final dev.jakartamcp.ops.Drain drain = new dev.jakartamcp.ops.Drain();

    private McpServlet servlet() {
        McpServlet servlet = new McpServlet();
        servlet.settings = FakeHttp.settings(config);
        servlet.checks = new HttpChecks();
        servlet.checks.settings = servlet.settings;
        servlet.callers = new CallerResolver();
        servlet.rateLimits = new dev.jakartamcp.limits.RateLimits(servlet.settings);
        servlet.errors = new HttpErrors();
        servlet.observations = new dev.jakartamcp.ops.Observations() {
            @Override
            public void refused(Caller caller, String method, AuditRecord.Outcome outcome, String reason, String traceparent) {
                refusals.add(caller.address() + " " + method + " " + outcome + " " + reason);
            }
        };
        servlet.drain = drain;
        servlet.drainer = new EndpointDrain();
        servlet.cors = new CorsHeaders();
        servlet.cors.checks = servlet.checks;
        servlet.authentication = (request, response) -> {
            // as the WAR's authentication: with authorization off every caller is known by address
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, Caller.anonymous("127.0.0.1"));
            return true;
        };
        servlet.legacy = new LegacyExchanges() {
            @Override
            void handle(IncomingPost post) {
                handled++;
                behind.accept(post.response());
                post.sink().complete();
            }

            @Override
            void deleteSession(HttpServletRequest request, HttpServletResponse response, HttpSink sink, Caller caller) {
                handled++;
                behind.accept(response);
                sink.complete();
            }

            @Override
            void openStandaloneStream(HttpServletRequest request, HttpServletResponse response, HttpSink sink, Caller caller) {
                handled++;
                behind.accept(response);
                sink.complete();
            }
        };
        servlet.modern = new ModernExchanges() {
            @Override
            boolean claims(IncomingPost post) {
                return "2026-07-28".equals(post.header("MCP-Protocol-Version"));
            }

            @Override
            boolean followsWork(String method) {
                return method != null && List.of("tasks/get", "tasks/update", "tasks/cancel").contains(method.strip());
            }

            @Override
            void handle(IncomingPost post) {
                handled++;
                behind.accept(post.response());
                post.sink().complete();
            }
        };
        return servlet;
    }

    private static FakeHttp.Request request(String method) {
        FakeHttp.Request r = new FakeHttp.Request().method(method).header("Host", "127.0.0.1:8080");
        if (method.equals("POST")) {
            r.header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        }
        return r;
    }

    private FakeHttp.Response run(FakeHttp.Request request) {
        return run(servlet(), request);
    }

    private static FakeHttp.Response run(McpServlet servlet, FakeHttp.Request request) {
        FakeHttp.Response response = new FakeHttp.Response();
        request.response = response;
        servlet.service(request.build(), response.build());
        FakeHttp.containerReturned(request);
        return response;
    }

    /**
     * A GET or DELETE of /mcp counts against mcp.rate-limit.requests-per-minute as a POST does: a resume replays up to
     * a stream's kept events, a DELETE looks its session up (in a cluster, in the grid), and neither was limited.
     */
    @Test
    void aGetOrDeleteCountsAgainstTheCallersRequestRateAsAPostDoes() {
        config.put("mcp.rate-limit.requests-per-minute", "2");
        behind = response -> response.setStatus(200);
        McpServlet servlet = servlet();
        assertEquals(200, run(servlet, request("GET").header("Accept", "text/event-stream")).status);
        assertEquals(200, run(servlet, request("POST")).status);
        FakeHttp.Response refused = run(servlet, request("GET").header("Accept", "text/event-stream"));
        assertEquals(429, refused.status, refused.text());
        assertEquals(-31429, error(refused).getInt("code"));
        FakeHttp.Response refusedDelete = run(servlet, request("DELETE").header("Mcp-Session-Id", "no-such-session"));
        assertEquals(429, refusedDelete.status, refusedDelete.text());
        assertEquals(2, handled, "the refused GET opened no stream, the refused DELETE looked up no session");
        assertEquals(List.of("127.0.0.1 GET /mcp RATE_LIMITED requests", "127.0.0.1 DELETE /mcp RATE_LIMITED requests"), refusals);
    }

    private static JsonObject error(FakeHttp.Response response) {
        assertEquals("application/json", response.contentType);
        JsonObject body = Json.createReader(new StringReader(response.text())).readObject();
        assertEquals("2.0", body.getString("jsonrpc"));
        assertFalse(body.containsKey("id"), "no id could be echoed: " + body);
        return body.getJsonObject("error");
    }

    private static void assertInternalError(FakeHttp.Response response) {
        assertEquals(500, response.status);
        JsonObject error = error(response);
        assertEquals(-32603, error.getInt("code"));
        assertEquals("Internal error", error.getString("message"));
        assertFalse(response.text().contains("secret") || response.text().contains("Exception"), response.text());
        assertEquals(1, response.completed, "the response is ended exactly once");
    }

    // ------------------------------------------------------------------ unexpected failures

    @Test
    void anUnexpectedFailureIsA500JsonRpcErrorOnEveryMethod() {
        for (String method : List.of("POST", "GET", "DELETE")) {
            FakeHttp.Response response = run(request(method).header("Mcp-Session-Id", "s").header("Accept", "text/event-stream"));
            assertInternalError(response);
        }
        assertEquals(3, handled);
    }

    @Test
    void errorsAreAnsweredToo() {
        behind = r -> {
            throw new StackOverflowError("deep");
        };
        for (String method : List.of("POST", "GET", "DELETE")) {
            assertInternalError(run(request(method)));
        }
    }

    /** Once headers went out (an SSE stream began), the status cannot change: the response is ended, nothing added. */
    @Test
    void aFailureAfterTheResponseWasCommittedOnlyEndsIt() {
        behind = r -> {
            r.setStatus(200);
            r.setContentType("text/event-stream");
            try {
                r.flushBuffer();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            throw new IllegalStateException("Response already committed");
        };
        for (String method : List.of("POST", "GET", "DELETE")) {
            FakeHttp.Response response = run(request(method));
            assertEquals(200, response.status);
            assertEquals("text/event-stream", response.contentType);
            assertEquals("", response.text(), "no JSON written into the stream");
            assertEquals(1, response.completed);
        }
    }

    @Test
    void aFailureBeforeTheAsyncContextExistsIsAnsweredToo() {
        FakeHttp.Request request = request("DELETE");
        FakeHttp.Response response = new FakeHttp.Response();
        HttpServletRequest real = request.build();
        HttpServletRequest failing = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    if (m.getName().equals("startAsync")) {
                        throw new IllegalStateException("async not supported by a filter");
                    }
                    return m.invoke(real, args);
                });
        servlet().service(failing, response.build());
        assertEquals(500, response.status);
        assertEquals(-32603, error(response).getInt("code"));
    }

    @Test
    void otherMethodsAre405WithAJsonBodyAndOptionsListsTheMethods() {
        for (String method : List.of("PUT", "PATCH", "HEAD", "TRACE", "PROPFIND")) {
            FakeHttp.Response response = run(request(method));
            assertEquals(405, response.status);
            assertEquals("GET, POST, DELETE, OPTIONS", response.header("Allow"));
            assertEquals(-32600, error(response).getInt("code"));
        }
        FakeHttp.Response options = run(request("OPTIONS"));
        assertEquals(200, options.status);
        assertEquals("GET, POST, DELETE, OPTIONS", options.header("Allow"));
        assertEquals(0, handled);
    }

    // ------------------------------------------------------------------ guards and bodies

    @Test
    void repeatedHeadersAre400BeforeTheHandlerSeesThem() {
        behind = r -> { };
        for (String name : List.of("Mcp-Session-Id", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name", "Mcp-Param-Region", "Last-Event-ID")) {
            for (String method : List.of("POST", "GET", "DELETE")) {
                FakeHttp.Response response = run(request(method).header(name, "a").header(name, "b"));
                assertEquals(400, response.status, name);
                JsonObject error = error(response);
                if (name.startsWith("Mcp-Method") || name.startsWith("Mcp-Name") || name.startsWith("Mcp-Param-") || name.equals("MCP-Protocol-Version")) {
                    // headers 2026-07-28 validates: malformed is HeaderMismatch, as the modern side answers
                    assertEquals(-32020, error.getInt("code"));
                    assertEquals("Header mismatch: more than one " + name + " header", error.getString("message"));
                    assertEquals("127.0.0.1 " + method + " /mcp INVALID header_mismatch", refusals.remove(refusals.size() - 1),
                            "audited as a mismatch of one header is");
                } else {
                    assertEquals(-32600, error.getInt("code"));
                    assertEquals("Bad Request: more than one " + name + " header", error.getString("message"));
                }
            }
        }
        assertEquals(List.of(), refusals, "the other repeated headers are no mismatch to audit");
        FakeHttp.Response contentType = run(request("POST").header("Content-Type", "text/plain"));
        assertEquals("Bad Request: more than one Content-Type header", error(contentType).getString("message"));
        assertEquals(0, handled);
        FakeHttp.Response hosts = run(request("POST").header("Host", "evil.example.com"));
        assertEquals(403, hosts.status);
        assertEquals("Forbidden: more than one Host header", error(hosts).getString("message"));
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsA400AndAChunkedBodyIsReadToItsEnd() {
        behind = r -> { };
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        FakeHttp.Response cut = run(request("POST").body(ping).declaredLength(ping.length() + 10));
        assertEquals(400, cut.status);
        assertEquals("Bad Request: the body could not be read", error(cut).getString("message"));
        assertEquals("close", cut.header("Connection"));
        assertEquals(0, handled);
        String large = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}";
        assertEquals(200, run(request("POST").body(large).declaredLength(-1)).status, "a chunked body of several reads");
        assertEquals(200, run(request("POST").body(ping)).status, "a body of its declared length");
        String larger = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(3 * McpServlet.FIRST_READ_BYTES) + "\"}}";
        assertEquals(200, run(request("POST").body(larger)).status, "a declared body beyond the first read, read as it grows");
        FakeHttp.Response cutLarger = run(request("POST").body(larger).declaredLength(larger.length() + 1));
        assertEquals(400, cutLarger.status, "and one that ends before its declared length");
        assertEquals(3, handled);
    }

    /** A body trickling in holds a container thread: it has mcp.request-body.timeout to arrive, declared or chunked. */
    @Test
    void aBodyThatDoesNotArriveInTimeIsA408AndTheConnectionCloses() {
        behind = r -> { };
        config.put("mcp.request-body.timeout", "PT1S");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (long declared : new long[] {ping.length(), -1}) {
            long started = System.nanoTime();
            FakeHttp.Response response = run(request("POST").body(ping).declaredLength(declared).trickling(1, () -> pause(50)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(408, response.status, "declared " + declared);
            assertEquals("Request Timeout: the body did not arrive within PT1S (mcp.request-body.timeout)", error(response).getString("message"));
            assertEquals(-32600, error(response).getInt("code"));
            assertEquals("close", response.header("Connection"));
            assertTrue(tookMillis < 1_900, "read no longer than its time and one read: " + tookMillis + " ms");
        }
        assertEquals(0, handled);
        assertEquals(200, run(request("POST")).status, "a body that is all there is read as before");
    }

    @Test
    void aCallerHasAtMostItsNumberOfBodiesReadAtOnce() throws Exception {
        behind = r -> { };
        config.put("mcp.request-body.max-per-caller", "1");
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch arrives = new java.util.concurrent.CountDownLatch(1);
        McpServlet servlet = servlet();
        FakeHttp.Request slow = request("POST").trickling(Integer.MAX_VALUE, () -> {
            reading.countDown();
            try {
                arrives.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FakeHttp.Response slowResponse = new FakeHttp.Response();
        slow.response = slowResponse;
        Thread first = new Thread(() -> servlet.service(slow.build(), slowResponse.build()));
        first.start();
        assertTrue(reading.await(10, java.util.concurrent.TimeUnit.SECONDS));

        FakeHttp.Request second = request("POST");
        FakeHttp.Response refused = new FakeHttp.Response();
        second.response = refused;
        servlet.service(second.build(), refused.build());
        assertEquals(429, refused.status);
        assertEquals("Too Many Requests: a caller sends at most 1 request bodies at once (mcp.request-body.max-per-caller); "
                + "try again when one has arrived", error(refused).getString("message"));
        assertEquals("1", refused.header("Retry-After"));
        assertEquals("close", refused.header("Connection"), "its body was not read");
        assertTrue(refusals.contains("127.0.0.1 POST /mcp RATE_LIMITED request-body"), refusals.toString());
        assertEquals(1, servlet.rateLimits.bodiesRefused(), "counted for /mcp-admin/status");

        arrives.countDown();
        first.join(10_000);
        assertEquals(200, slowResponse.status);
        FakeHttp.Request third = request("POST");
        FakeHttp.Response after = new FakeHttp.Response();
        third.response = after;
        servlet.service(third.build(), after.build());
        assertEquals(200, after.status, "once the first body arrived, the next one is read");
    }

    @Test
    void aBodyWithAContentCodingIsA415BeforeItIsRead() {
        behind = r -> { };
        FakeHttp.Response response = run(request("POST").header("Content-Encoding", "gzip"));
        assertEquals(415, response.status);
        assertEquals("Unsupported Media Type: Content-Encoding 'gzip' is not accepted; send the body without a content coding",
                error(response).getString("message"));
        assertEquals("identity", response.header("Accept-Encoding"));
        assertEquals(0, handled);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBodyWhoseReadFailsIsA400EvenWhenTheStreamsCloseThrowsTheSameFailureAgain() {
        behind = r -> { };
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (long declared : new long[] {-1, ping.length() + 10}) {
            FakeHttp.Response response = run(request("POST").body(ping).declaredLength(declared)
                    .failingAfterTheBody(new java.io.EOFException("Connection closed: Read failed.")));
            assertEquals(400, response.status, "declared " + declared);
            assertEquals("Bad Request: the body could not be read", error(response).getString("message"));
            assertEquals("close", response.header("Connection"));
        }
        assertEquals(0, handled);
    }

    @Test
    void refusedBodiesAre400ParseErrors() {
        behind = r -> { };
        Map<String, String> bodies = Map.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}", "Parse error: duplicate key \"method\" at /method",
                "[".repeat(65) + "]".repeat(65), "Parse error: the JSON value is nested deeper than 64 levels (mcp.json.max-depth)",
                "{\"jsonrpc\":\"2.0\"} {}", "Parse error: content after the JSON value (line 1, column 20)",
                "  ", "Parse error: empty body",
                "", "Parse error: empty body");
        bodies.forEach((body, message) -> {
            FakeHttp.Response response = run(request("POST").body(body));
            assertEquals(400, response.status, body);
            JsonObject error = error(response);
            assertEquals(-32700, error.getInt("code"), body);
            assertEquals(message, error.getString("message"), body);
        });
        config.put("mcp.json.max-depth", "2");
        FakeHttp.Response shallow = run(request("POST").body("{\"a\":{\"b\":{}}}"));
        assertEquals("Parse error: the JSON value is nested deeper than 2 levels (mcp.json.max-depth)", error(shallow).getString("message"));
        assertEquals(0, handled);
        assertEquals(200, run(request("POST")).status, "a good body reaches the handler");
        assertEquals(1, handled);
    }

    @Test
    void anInvalidSettingIsA500NotASilentDefault() {
        config.put("mcp.json.max-depth", "deep");
        FakeHttp.Response response = run(request("POST"));
        assertInternalError(response);
        assertEquals(0, handled);
    }

    // ------------------------------------------------------------------ settings

    @Test
    void settingsHaveDefaultsAndRefuseInvalidValuesNamingTheProperty() {
        McpSettings settings = FakeHttp.settings(config);
        assertEquals(64, settings.maxJsonDepth());
        assertEquals(100_000, settings.maxJsonValues());
        assertEquals(64, settings.maxBatchSize());
        assertEquals("http://127.0.0.1:8080/mcp", settings.resource());
        config.put("mcp.json.max-depth", " 10 ");
        config.put("mcp.json.max-values", "1000000");
        config.put("mcp.batch.max-size", "1");
        config.put("mcp.resource", "https://mcp.example.com/mcp");
        assertEquals(10, settings.maxJsonDepth());
        assertEquals(1_000_000, settings.maxJsonValues());
        assertEquals(1, settings.maxBatchSize());
        assertEquals("https://mcp.example.com/mcp", settings.resource());
        for (String bad : List.of("0", "-1", "abc", "1.5", "99999999999", "64k")) {
            config.put("mcp.json.max-depth", bad);
            config.put("mcp.json.max-values", bad);
            config.put("mcp.batch.max-size", bad);
            IllegalStateException values = assertThrows(IllegalStateException.class, settings::maxJsonValues, bad);
            assertTrue(values.getMessage().startsWith("Invalid value for mcp.json.max-values: '" + bad + "'"), values.getMessage());
            IllegalStateException depth = assertThrows(IllegalStateException.class, settings::maxJsonDepth, bad);
            assertTrue(depth.getMessage().startsWith("Invalid value for mcp.json.max-depth: '" + bad + "'"), depth.getMessage());
            IllegalStateException batch = assertThrows(IllegalStateException.class, settings::maxBatchSize, bad);
            assertTrue(batch.getMessage().startsWith("Invalid value for mcp.batch.max-size: '" + bad + "'"), batch.getMessage());
        }
        config.put("mcp.resource", "mcp.example.com");
        assertTrue(assertThrows(IllegalStateException.class, settings::resource).getMessage().startsWith("mcp.resource must be"));
    }

    /**
     * A request some container routed past authentication (no caller) is refused with 403 -31403, also while the server
     * drains (503, audited for an anonymous caller of its address): the refusal resolved the caller again, which threw
     * out of it, and the request got 500 and a SEVERE stack trace.
     */
    @Test
    void aRequestWithoutACallerIsRefusedWith403AndWhileDrainingWith503() {
        for (String method : List.of("POST", "GET", "DELETE")) {
            FakeHttp.Request request = request(method);
            request.attributes.clear();
            FakeHttp.Response response = run(request);
            assertEquals(403, response.status, method);
            JsonObject error = error(response);
            assertEquals(-31403, error.getInt("code"), method);
            assertEquals("Forbidden: the request was not authenticated", error.getString("message"), method);
        }
        assertEquals(0, handled, "nothing reached the exchanges");
        drain.begin();
        for (String method : List.of("POST", "GET", "DELETE")) {
            FakeHttp.Request request = request(method);
            request.attributes.clear();
            FakeHttp.Response response = run(request);
            assertEquals(503, response.status, method);
            assertEquals(-31503, error(response).getInt("code"), method);
        }
        assertEquals(List.of("127.0.0.1 POST /mcp UNAVAILABLE draining", "127.0.0.1 GET /mcp UNAVAILABLE draining",
                "127.0.0.1 DELETE /mcp UNAVAILABLE draining"), refusals);
    }

    @Test
    void whileTheServerStopsEveryMethodIsA503JsonRpcErrorWithRetryAfter() {
        drain.begin();
        for (String method : List.of("POST", "GET", "DELETE")) {
            FakeHttp.Response response = run(request(method));
            assertEquals(503, response.status, method);
            assertEquals("5", response.header("Retry-After"), method);
            JsonObject error = error(response);
            assertEquals(-31503, error.getInt("code"), method);
            assertTrue(error.getString("message").contains("shutting down"), error.toString());
        }
        assertEquals(0, handled, "nothing reached the exchanges");
        assertEquals(0, drain.running());
        assertEquals(List.of("127.0.0.1 POST /mcp UNAVAILABLE draining", "127.0.0.1 GET /mcp UNAVAILABLE draining",
                "127.0.0.1 DELETE /mcp UNAVAILABLE draining"), refusals, "each refusal audited");
    }

    /**
     * A call running here that waits for its client's answer (elicitation, sampling) gets it while the server drains,
     * and so can end within the grace; a cancellation reaches it too. A session's new request is refused as any is.
     */
    @Test
    void whileTheServerStopsASessionsAnswersAndNotificationsStillPassButItsRequestsDoNot() {
        behind = r -> r.setStatus(202);
        assertTrue(drain.enter(), "a call that runs, waiting for its client's answer");
        drain.begin();
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"action\":\"accept\"}}";
        String cancel = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}";
        for (String body : List.of(answer, cancel, "[" + answer + "," + cancel + "]")) {
            assertEquals(202, run(request("POST").header("Mcp-Session-Id", "abc").body(body)).status, body);
        }
        assertEquals(3, handled);
        assertEquals(1, drain.running(), "each answer was counted while it was handled, and is over");
        for (String body : List.of("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}",
                "[" + answer + ",{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}]")) {
            FakeHttp.Response refused = run(request("POST").header("Mcp-Session-Id", "abc").body(body));
            assertEquals(503, refused.status, body);
            assertEquals(-31503, error(refused).getInt("code"));
        }
        assertEquals(503, run(request("POST").body(answer)).status, "without a session nothing of it can wait here");
        drain.exit(); // the call ended
        assertEquals(503, run(request("POST").header("Mcp-Session-Id", "abc").body(answer)).status,
                "with no call running there is nothing left to answer");
        assertEquals(3, handled);
    }

    /**
     * A 2026-07-28 task whose work waits for its client's answer (input_required) gets it by tasks/update while the
     * server drains, and its client may poll and cancel it: these start no work. Before, they got 503, and such work
     * could only run out the grace.
     */
    @Test
    void whileTheServerStopsRequestsThatFollowRunningTasksStillPassButNewWorkDoesNot() {
        behind = r -> r.setStatus(200);
        assertTrue(drain.enter(), "a task's work that runs, waiting for its client's answer");
        drain.begin();
        for (String method : List.of("tasks/get", "tasks/update", "tasks/cancel")) {
            FakeHttp.Request request = request("POST").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method)
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"taskId\":\"t\"}}");
            assertEquals(200, run(request).status, method);
        }
        assertEquals(3, handled);
        assertEquals(1, drain.running(), "each was counted while it was handled, and is over");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}";
        FakeHttp.Response disguised = run(request("POST").header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tasks/get").body(call));
        assertEquals(503, disguised.status, "the body decides: a call whose header names tasks/get starts work");
        assertEquals(-31503, error(disguised).getInt("code"));
        assertEquals(503, run(request("POST").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .body(call)).status);
        drain.exit(); // the work ended
        assertEquals(503, run(request("POST").header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tasks/get")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"t\"}}")).status,
                "with no work running there is nothing left to follow");
        assertEquals(3, handled);
    }

    /**
     * Payara answers every request with its own 503 from the moment the application stops, before the drain and
     * without calling the endpoint, and sends it to the error page: the error page hands a POST to the endpoint here,
     * and what only answers or follows running work is still taken while work runs (before, it never arrived).
     */
    @Test
    void aPostTheContainerRefusedWhileStoppingIsStillTakenWhenItOnlyFollowsRunningWork() {
        behind = r -> r.setStatus(202);
        McpServlet servlet = servlet();
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"action\":\"accept\"}}";
        FakeHttp.Response response = new FakeHttp.Response();
        assertFalse(servlet.takeWhileUnavailable(request("POST").header("Mcp-Session-Id", "abc").body(answer).build(), response.build()),
                "nothing runs: left to the error page's 503");
        assertEquals(0, handled);

        assertTrue(drain.enter(), "a call that runs, waiting for its client's answer");
        FakeHttp.Request taken = request("POST").header("Mcp-Session-Id", "abc").body(answer);
        taken.response = response;
        assertTrue(servlet.takeWhileUnavailable(taken.build(), response.build()));
        FakeHttp.containerReturned(taken);
        assertEquals(202, response.status, "answered by the endpoint, not with the container's 503");
        assertEquals(1, handled);

        FakeHttp.Request call = request("POST").header("Mcp-Session-Id", "abc")
                .body("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
        FakeHttp.Response refused = new FakeHttp.Response();
        call.response = refused;
        assertTrue(servlet.takeWhileUnavailable(call.build(), refused.build()));
        FakeHttp.containerReturned(call);
        assertEquals(503, refused.status, "new work is refused, as during the drain");
        assertEquals(-31503, error(refused).getInt("code"));

        assertFalse(servlet.takeWhileUnavailable(request("POST").body(answer).build(), new FakeHttp.Response().build()),
                "without a session or a task's method nothing of it can follow running work");
        assertEquals(1, handled);

        // the container's authentication never saw these requests: the WAR's own authenticates them
        FakeHttp.Request unseen = request("POST").header("Mcp-Session-Id", "abc").body(answer);
        unseen.attributes.clear();
        FakeHttp.Response afterAuthentication = new FakeHttp.Response();
        unseen.response = afterAuthentication;
        assertTrue(servlet.takeWhileUnavailable(unseen.build(), afterAuthentication.build()));
        FakeHttp.containerReturned(unseen);
        assertEquals(202, afterAuthentication.status);
        assertEquals(2, handled);
        servlet.authentication = (unauthenticated, refusal) -> {
            refusal.setStatus(401); // as the WAR's authentication answers a request without a valid token
            return false;
        };
        FakeHttp.Request withoutToken = request("POST").header("Mcp-Session-Id", "abc").body(answer);
        withoutToken.attributes.clear();
        FakeHttp.Response challenged = new FakeHttp.Response();
        assertTrue(servlet.takeWhileUnavailable(withoutToken.build(), challenged.build()), "answered with the refusal");
        assertEquals(401, challenged.status);
        assertEquals(2, handled, "a request that was not authenticated reaches nothing");
        assertEquals(1, drain.running(), "each one taken was counted while it was handled");
        drain.exit();
    }

    /** Answered by the endpoint, the POST gets the endpoint's CORS headers, not the error page's (CorsFilter did not run). */
    @Test
    void aPostTakenFromTheErrorPageGetsTheEndpointsCorsHeaders() {
        behind = r -> r.setStatus(202);
        McpServlet servlet = servlet();
        assertTrue(drain.enter(), "a call that runs");
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{\"action\":\"accept\"}}";
        for (String origin : List.of("http://127.0.0.1:8080", "https://evil.example")) {
            FakeHttp.Request taken = request("POST").header("Mcp-Session-Id", "abc").header("Origin", origin).body(answer);
            taken.servletPath = "/.well-known/mcp-error";
            FakeHttp.Response response = new FakeHttp.Response();
            taken.response = response;
            assertTrue(servlet.takeWhileUnavailable(taken.build(), response.build()), origin);
            FakeHttp.containerReturned(taken);
            if (origin.startsWith("http://127.0.0.1")) {
                assertEquals(202, response.status);
                assertEquals(origin, response.header("Access-Control-Allow-Origin"), "the endpoint's answer to an allowed origin");
            } else {
                assertEquals(403, response.status, "an origin the endpoint does not allow is refused");
                assertEquals(null, response.header("Access-Control-Allow-Origin"), "never the error page's *");
            }
        }
        drain.exit();
    }
}
