package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModernExchanges} on hand-made 2026-07-28 requests, with the author's code on a thread of its own. */
class ModernExchangesTest {
    private final FakeHttp.Request fakeRequest = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final ModernExchanges modern = new ModernExchanges();
    /** The client capabilities the dispatcher (and so author code) got, if the request got that far. */
    private final AtomicReference<JsonObject> dispatched = new AtomicReference<>();

    ModernExchangesTest() {
        McpSettings settings = FakeHttp.settings(new HashMap<>());
        modern.settings = settings;
        modern.timers = new StreamTimers();
        modern.errors = new HttpErrors();
        modern.dispatcher = new McpDispatcher() {
            @Override
            public JsonObject dispatch(Exchange exchange) {
                dispatched.set(exchange.clientCapabilities());
                return JsonValue.EMPTY_JSON_OBJECT;
            }
        };
        modern.calls = new CallExecution();
        modern.calls.drain = new Drain();
        modern.calls.settings = settings;
        modern.calls.beans = (BeanManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BeanManager.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        modern.calls.execution = new AuthorExecution() {
            @Override
            public void submit(Runnable work, Consumer<Throwable> notStarted) {
                new Thread(work, "execution-test").start();
            }
        };
        fakeRequest.response = response;
        fakeRequest.header(LegacyExchanges.VERSION_HEADER, "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "t");
    }

    private void post(String capabilities) throws InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}}}";
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.deferred(request, response.build());
        modern.handle(new IncomingPost(request, response.build(), sink, Json.createReader(new StringReader(body)).readObject(),
                new HttpChecks.Acceptance(true, false), Caller.anonymous("127.0.0.1")));
        sink.detach();
        FakeHttp.containerReturned(fakeRequest);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (modern.calls.drain.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, modern.calls.drain.running(), "the call has ended");
    }

    /** 1e500000000 is 11 bytes, and 500 million digits for author code that reads it with toPlainString(). */
    @Test
    void aCapabilityHoldingANumberBeyondTheBoundIsInvalidParamsBeforeAuthorCodeSeesIt() throws InterruptedException {
        post("{\"experimental\":{\"acme\":{\"budget\":1e500000000}}}");
        assertNull(dispatched.get(), "the request never reached the dispatcher");
        assertEquals(400, response.status);
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(ErrorCode.INVALID_PARAMS, error.getInt("code"));
        assertEquals("Invalid params: _meta.io.modelcontextprotocol/clientCapabilities: experimental.acme.budget must have"
                + " at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)",
                error.getString("message"));
    }

    @Test
    void capabilitiesWithOrdinaryNumbersReachTheDispatcher() throws InterruptedException {
        post("{\"experimental\":{\"acme\":{\"budget\":1e999,\"limit\":12345678901234567890}},\"elicitation\":{}}");
        assertEquals(200, response.status, response::text);
        assertTrue(dispatched.get().containsKey("elicitation"));
    }
}
