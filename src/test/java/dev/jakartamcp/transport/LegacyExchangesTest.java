package dev.jakartamcp.transport;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.JsonRpc;
import dev.jakartamcp.protocol.McpDispatcher;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.InMemoryStores;
import dev.jakartamcp.session.McpSession;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LegacyExchanges} on hand-made requests of a 2025 session, with the author's code on a thread of its own. */
class LegacyExchangesTest {
    private final Caller caller = Caller.anonymous("127.0.0.1");
    private final FakeHttp.Request fakeRequest = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final LegacyExchanges legacy = new LegacyExchanges();
    /** What the dispatcher does with a request. */
    private Function<Exchange, JsonObject> behind = exchange -> JsonValue.EMPTY_JSON_OBJECT;
    private final McpSession session;
    /** The methods observed as they ended (span and metrics), in order. */
    private final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Observation, Exchange> begun = new java.util.concurrent.ConcurrentHashMap<>();

    /** The settings, read live. */
    private final Map<String, String> config = new HashMap<>();
    /** What was refused before it became an MCP request: method, outcome and reason. */
    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    LegacyExchangesTest() {
        McpSettings settings = FakeHttp.settings(config);
        legacy.settings = settings;
        legacy.rateLimits = new dev.jakartamcp.limits.RateLimits(settings);
        legacy.sessions = InMemoryStores.create(settings);
        legacy.timers = new StreamTimers();
        legacy.lives = new LiveSessions();
        legacy.lives.timers = legacy.timers;
        legacy.lives.sessions = legacy.sessions;
        legacy.errors = new HttpErrors();
        legacy.dispatcher = new McpDispatcher() {
            @Override
            public JsonObject dispatch(Exchange exchange) {
                return behind.apply(exchange);
            }

            @Override
            public JsonObject initializeResult(ProtocolRevision revision) {
                return Json.createObjectBuilder().add("protocolVersion", revision.wire()).build();
            }
        };
        legacy.observations = new Observations() {
            @Override
            public Observation begin(Exchange exchange) {
                Observation observation = Observation.detached(exchange);
                begun.put(observation, exchange);
                return observation;
            }

            @Override
            public void end(Observation observation) {
                Exchange exchange = begun.remove(observation);
                observed.add(exchange.method() + " " + exchange.requestId());
            }

            @Override
            public void refused(Caller who, String method, dev.jakartamcp.api.AuditRecord.Outcome outcome, String reason, String traceparent) {
                refused.add(method + " " + outcome + " " + reason);
            }
        };
        legacy.calls = new CallExecution();
        legacy.calls.drain = new Drain();
        legacy.calls.settings = settings;
        legacy.calls.deadlines = FakeHttp.deadlines(settings);
        legacy.calls.beans = (BeanManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BeanManager.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        legacy.calls.execution = new AuthorExecution() {
            @Override
            public void submit(Caller caller, String method, java.util.function.Supplier<String> traceId, Runnable work, Consumer<Throwable> notStarted) {
                new Thread(work, "execution-test").start();
            }
        };
        session = legacy.sessions.create(ProtocolRevision.V2025_06_18, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        fakeRequest.response = response;
        fakeRequest.header(LegacyExchanges.SESSION_HEADER, session.id());
    }

    @Test
    void aCallFailingWithAnErrorEndsItsExchange() throws InterruptedException {
        behind = exchange -> {
            throw new AssertionError("a tool's Error");
        };
        post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        assertEquals(500, response.status);
        assertTrue(response.text().contains("Internal error"), response.text());
        assertEquals(1, response.completed);
        assertTrue(legacy.lives.of(session.id()).idle(), "nothing is left in flight for the session");
    }

    /**
     * The session ends (a DELETE, an eviction, its expiry) right after the request found it, before the request's live
     * state is made: that state would be a new one nobody closes, and the call would run as if its session lived.
     */
    @Test
    void aRequestWhoseSessionEndedRightAfterItWasFoundIsNotFound() throws InterruptedException {
        List<String> ran = endingRightAfterTheLookup();
        post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        assertEquals(404, response.status, response.text());
        assertEquals(List.of(), ran, "the call never ran");
    }

    /** As {@link #aRequestWhoseSessionEndedRightAfterItWasFoundIsNotFound}, for a 2025-03-26 batch. */
    @Test
    void aBatchWhoseSessionEndedRightAfterItWasFoundIsNotFound() throws InterruptedException {
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        fakeRequest.header(LegacyExchanges.SESSION_HEADER, batching.id());
        List<String> ran = endingRightAfterTheLookup();
        post("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}]");
        assertEquals(404, response.status, response.text());
        assertEquals(List.of(), ran, "the batch never ran");
    }

    /**
     * The session store from now on ends a session right after a request found it (a DELETE, an eviction, its expiry
     * in between); the methods dispatched, which none should be.
     */
    private List<String> endingRightAfterTheLookup() {
        dev.jakartamcp.session.SessionStore real = legacy.sessions;
        legacy.sessions = (dev.jakartamcp.session.SessionStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {dev.jakartamcp.session.SessionStore.class}, (proxy, method, args) -> {
                    Object returned = method.invoke(real, args);
                    if (method.getName().equals("find") && args.length == 2) {
                        real.remove((String) args[0], dev.jakartamcp.session.SessionEnd.DELETED);
                    }
                    return returned;
                });
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        behind = exchange -> {
            ran.add(exchange.method());
            return JsonValue.EMPTY_JSON_OBJECT;
        };
        return ran;
    }

    /**
     * A live mcp.client-request.timeout broken while running counts as its default: only a tool asking its client
     * something waits that long. Every request and notification of a 2025 session was a 500 (Internal error) while it
     * was broken, a ping as much as a call.
     */
    @Test
    void aBrokenClientRequestTimeoutLeavesRequestsAndNotificationsAnswered() throws InterruptedException {
        config.put("mcp.client-request.timeout", "PT0S");
        post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        assertEquals(200, response.status, response.text());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, Json.createReader(new StringReader(response.text())).readObject().get("result"));

        config.put("mcp.client-request.timeout", "abc");
        FakeHttp.Response notified = new FakeHttp.Response();
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}", notified);
        assertEquals(202, notified.status, notified.text());
    }

    @Test
    void anAnsweredCallEndsItsExchange() throws InterruptedException {
        post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        JsonObject answer = Json.createReader(new StringReader(response.text())).readObject();
        assertEquals(8, answer.getInt("id"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answer.get("result"));
        assertEquals(1, response.completed);
        assertTrue(legacy.lives.of(session.id()).idle(), "nothing is left in flight for the session");
    }

    /**
     * A client whose GET stream was on a node that drained resumes it on this node (cluster): it hears what that node
     * sent after its last event, then gets this node's own GET stream for the session, not an ended response it
     * would resume again and again.
     */
    @Test
    void aGetStreamOfANodeThatDrainedResumesHereAsThisNodesGetStream() {
        String notice = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
        HttpSink sink = resumeGetStream(new StreamLog.Shared(session.id(), null, true, false), new StreamLog.Entry(2, notice), Map.of());
        try {
            assertTrue(response.text().contains("id: other_2"), response.text());
            assertTrue(response.text().contains("notifications/tools/list_changed"), response.text());
            assertTrue(sink.isOpen(), "the stream goes on here");
            assertTrue(legacy.lives.of(session.id()).standalone() != null, "it is this node's GET stream of the session now");
            assertEquals(0, response.completed);
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * A resume of a stream this node does not hold asks the grid first: when the grid does not answer, the client gets
     * 503 with Retry-After (and resumes again), not a 200 whose stream ends at once with nothing in it.
     */
    @Test
    void aResumeTheGridDoesNotAnswerIsA503BeforeTheStreamStarts() {
        legacy.streamLog = (StreamLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StreamLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        throw dev.jakartamcp.protocol.McpException.overCapacity(ErrorCode.OVER_CAPACITY,
                                "Service Unavailable: the data grid did not answer within mcp.cluster.grid-timeout",
                                java.time.Duration.ofSeconds(5), "grid");
                    }
                    return null;
                });
        legacy.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry, dev.jakartamcp.ops.Observation observation,
                      String traceparent) {
            }
        };
        fakeRequest.method("GET").header("Accept", "text/event-stream").header("Last-Event-ID", "other_1");
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.openStandaloneStream(request, response.build(), sink, caller);
        assertEquals(503, response.status, response.text());
        assertEquals("5", response.header("Retry-After"));
        assertEquals("application/json", response.contentType);
        assertFalse(sink.isOpen());
        assertEquals(List.of("GET /mcp UNAVAILABLE grid"), refused, "audited and counted as every request refused for the grid");
    }

    /** A GET stream another node still serves, followed here, ends when the session ends (on any node). */
    @Test
    void aFollowedGetStreamEndsWithItsSession() throws InterruptedException {
        HttpSink sink = resumeGetStream(new StreamLog.Shared(session.id(), null, false, true), null, Map.of("mcp.sse.keep-alive", "PT0.1S"));
        try {
            Thread.sleep(400);
            assertTrue(sink.isOpen(), "followed while the session lives");
            legacy.sessions.remove(session.id(), dev.jakartamcp.session.SessionEnd.DELETED);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (sink.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(!sink.isOpen(), "the stream ended with its session");
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * This node drains while it follows a GET stream another node serves: the client gets the last event this node's
     * own GET streams get (an id and {@code retry}, then the end of the response; the session is of 2025-06-18, whose
     * client knows no event of empty data, so it has no data line) instead of being cut off or kept
     * until the process dies. The id is the last event it got here, so that resuming on another node neither loses nor
     * repeats anything of the stream, which goes on there.
     */
    @Test
    void aFollowedGetStreamEndsWithTheDrainsLastEvent() {
        String notice = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
        HttpSink sink = resumeGetStream(new StreamLog.Shared(session.id(), null, false, true), new StreamLog.Entry(2, notice),
                Map.of("mcp.sse.retry", "PT3S"));
        try {
            assertTrue(response.text().contains("id: other_2\n"), response.text());
            assertTrue(sink.isOpen(), "followed");
            drainer().stop();
            assertTrue(response.text().endsWith("id: other_2\nretry: 3000\n\n"), response.text());
            assertFalse(sink.isOpen(), "the stream ended");
            assertEquals(1, response.completed);
        } finally {
            legacy.timers.stop();
        }
    }

    @Test
    void aFollowedGetStreamItsOwnNodeEndsEndsWithTheSameLastEvent() throws InterruptedException {
        String notice = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
        java.util.concurrent.atomic.AtomicReference<StreamLog.Shared> shared =
                new java.util.concurrent.atomic.AtomicReference<>(new StreamLog.Shared(session.id(), null, false, true));
        HttpSink sink = resumeGetStream(shared::get, new StreamLog.Entry(2, notice), Map.of("mcp.sse.retry", "PT3S"));
        try {
            assertTrue(sink.isOpen(), "followed");
            shared.set(new StreamLog.Shared(session.id(), null, true, true)); // its node drained and ended it
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (sink.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(sink.isOpen(), "the stream ended");
            assertTrue(response.text().endsWith("id: other_2\nretry: 3000\n\n"), response.text());
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * A GET that passed the servlet's drain check just before the drain began, and follows another node's stream only
     * after the drain ended this node's streams, ends at once the same way (nothing would end it later).
     */
    @Test
    void aStreamFollowedOnceTheDrainEndedStreamsEndsAtOnce() {
        legacy.timers.settings = FakeHttp.settings(new HashMap<>(Map.of("mcp.sse.retry", "PT3S")));
        drainer().stop();
        HttpSink sink = resumeGetStream(new StreamLog.Shared(session.id(), null, false, true), null, Map.of("mcp.sse.retry", "PT3S"));
        try {
            assertTrue(response.text().endsWith("id: other_1\nretry: 3000\n\n"), response.text());
            assertFalse(sink.isOpen(), "the stream ended");
        } finally {
            legacy.timers.stop();
        }
    }

    /** The same for a GET stream of this node's own (here: one that takes over the GET stream of a node that stopped). */
    @Test
    void aGetStreamOpenedOnceTheDrainEndedStreamsEndsAtOnce() {
        legacy.timers.settings = FakeHttp.settings(new HashMap<>(Map.of("mcp.sse.retry", "PT3S")));
        drainer().stop();
        HttpSink sink = resumeGetStream(new StreamLog.Shared(session.id(), null, true, false), null, Map.of("mcp.sse.retry", "PT3S"));
        try {
            assertTrue(response.text().endsWith("retry: 3000\n\n"), response.text());
            assertFalse(sink.isOpen(), "the stream ended");
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * "If the server receives a request with an invalid or unsupported MCP-Protocol-Version, it MUST respond with 400
     * Bad Request" (2025-06-18 and 2025-11-25 transports): a DELETE too, and the session it names lives on.
     */
    @Test
    void aDeleteWithAnUnsupportedProtocolVersionIsA400AndTheSessionLivesOn() {
        fakeRequest.method("DELETE").header(LegacyExchanges.VERSION_HEADER, "1999-01-01");
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.deleteSession(request, response.build(), sink, caller);
        assertEquals(400, response.status, response.text());
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(dev.jakartamcp.protocol.ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, error.getInt("code"));
        assertEquals("Unsupported protocol version: 1999-01-01", error.getString("message"));
        assertTrue(legacy.sessions.peek(session.id()).isPresent(), "the session was not deleted");
    }

    @Test
    void aDeleteWithTheSessionsProtocolVersionEndsTheSession() {
        fakeRequest.method("DELETE").header(LegacyExchanges.VERSION_HEADER, ProtocolRevision.V2025_06_18.wire());
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.deleteSession(request, response.build(), sink, caller);
        assertEquals(200, response.status, response.text());
        assertFalse(legacy.sessions.peek(session.id()).isPresent(), "the session ended");
    }

    /** A GET stream refused for {@code mcp.streams.max-per-caller} is audited under the request's own trace. */
    @Test
    void aGetStreamRefusedForTheStreamsLimitIsAuditedUnderTheRequestsTrace() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<String> traces = new CopyOnWriteArrayList<>();
        OpenStreams streams = new OpenStreams();
        streams.settings = FakeHttp.settings(new HashMap<>(Map.of("mcp.streams.max-per-caller", "1")));
        streams.counts = new LocalStreamCounts();
        streams.counts.add(caller.quotaKey(), 1); // the caller's one stream, open already
        streams.observations = new Observations() {
            @Override
            public void refused(Caller who, String method, dev.jakartamcp.api.AuditRecord.Outcome outcome, String reason, String trace) {
                traces.add(method + " " + outcome + " " + reason + " " + trace);
            }
        };
        legacy.openStreams = streams;
        fakeRequest.method("GET").header("Accept", "text/event-stream").header("traceparent", traceparent);
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.openStandaloneStream(request, response.build(), sink, caller);
        assertEquals(429, response.status, response.text());
        assertEquals(List.of("GET /mcp RATE_LIMITED streams " + traceparent), traces);
    }

    /**
     * A DELETE (or the session's expiry) lands after a GET found the session and before its stream opened: the GET
     * gets the 404 every request on an ended session gets, not a stream of a session that no longer exists, and
     * nothing of the session is kept in memory for it.
     */
    @Test
    void aGetStreamWhoseSessionEndsWhileItOpensIsA404AndKeepsNothing() {
        legacy.streamLog = StreamLog.NONE;
        legacy.lives.log = StreamLog.NONE;
        legacy.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry, dev.jakartamcp.ops.Observation observation,
                      String traceparent) {
                legacy.sessions.remove(session.id(), dev.jakartamcp.session.SessionEnd.DELETED); // the DELETE of another request, just now
            }
        };
        legacy.timers.settings = FakeHttp.settings(new HashMap<>());
        legacy.timers.start();
        try {
            fakeRequest.method("GET").header("Accept", "text/event-stream");
            HttpServletRequest request = fakeRequest.build();
            HttpSink sink = HttpSink.start(request, response.build());
            legacy.openStandaloneStream(request, response.build(), sink, caller);
            assertEquals(404, response.status, response.text());
            assertEquals(LegacyExchanges.SESSION_NOT_FOUND,
                    Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error").getInt("code"));
            assertFalse(sink.isOpen(), "no stream is left open");
            assertFalse(legacy.lives.snapshot().containsKey(session.id()), "no live state is kept for the ended session");
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * A DELETE lands after the GET found the session alive and before its stream is the session's (here: as the GET's
     * status and headers go out): the stream ends at once, not at its next keep-alive.
     */
    @Test
    void aGetStreamWhoseSessionEndsJustBeforeItRegistersEndsAtOnce() {
        response.onFlush = this::deleteTheSession;
        HttpSink sink = openGetStream(null);
        try {
            assertFalse(sink.isOpen(), "the stream ended with its session");
            assertEquals(1, response.completed, "the GET's response ended");
        } finally {
            legacy.timers.stop();
        }
    }

    /** The same for a GET that resumes the session's GET stream with Last-Event-ID. */
    @Test
    void aResumedGetStreamWhoseSessionEndsJustBeforeItRegistersEndsAtOnce() {
        HttpSink first = openGetStream(null);
        EventStream stream = legacy.lives.of(session.id()).standalone();
        stream.send(Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/tools/list_changed").build());
        first.markGone(); // the client's connection broke
        FakeHttp.Response resumed = new FakeHttp.Response();
        resumed.onFlush = this::deleteTheSession;
        try {
            HttpSink sink = anotherGet(resumed, stream.id() + "_0");
            assertFalse(sink.isOpen(), "the resumed stream ended with its session");
            assertEquals(1, resumed.completed, "the GET's response ended");
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * A newer GET replaced the session's GET stream and then lost its connection, and the client resumes the one it
     * replaced with Last-Event-ID: it gets what that stream sent after the event, and then the session's notices, as a
     * resumed stream goes on; the newer stream keeps its events for Last-Event-ID, and a notice goes to one stream only.
     */
    @Test
    void resumingAGetStreamANewerGetReplacedMakesItTheSessionsGetStreamAgain() {
        HttpSink first = openGetStream(null);
        try {
            LiveSession live = legacy.lives.of(session.id());
            EventStream replaced = live.standalone();
            replaced.send(notice("tools"));
            first.markGone(); // the client's connection broke before it got the notice
            FakeHttp.Response newer = new FakeHttp.Response();
            HttpSink newerSink = anotherGet(newer, null);
            EventStream newerStream = live.standalone();
            assertTrue(newerStream != replaced, "the newer GET's stream is the session's");
            newerSink.markGone(); // and its connection broke too
            FakeHttp.Response resumed = new FakeHttp.Response();
            HttpSink resumedSink = anotherGet(resumed, replaced.id() + "_0");
            assertTrue(resumed.text().contains("id: " + replaced.id() + "_1\n"), "what it missed: " + resumed.text());
            assertTrue(live.standalone() == replaced, "the resumed stream is the session's GET stream again");
            live.standalone().send(notice("prompts"));
            assertTrue(resumed.text().contains("notifications/prompts/list_changed"), "the resumed stream hears the session's notices: "
                    + resumed.text());
            assertTrue(resumedSink.isOpen());
            assertFalse(newer.text().contains("notifications/prompts/list_changed"), "one stream only: " + newer.text());
        } finally {
            legacy.timers.stop();
        }
    }

    /**
     * Two GETs of one session, both connected: resuming the replaced one replays what it missed and leaves the newer one
     * the session's, connected; were the resumed one to take over, each would end the other's connection at every
     * reconnect.
     */
    @Test
    void resumingAReplacedGetStreamWhileTheNewerOneIsConnectedLeavesTheNewerOneTheSessions() {
        HttpSink first = openGetStream(null);
        try {
            LiveSession live = legacy.lives.of(session.id());
            EventStream replaced = live.standalone();
            FakeHttp.Response newer = new FakeHttp.Response();
            HttpSink newerSink = anotherGet(newer, null); // ends the first GET's connection
            EventStream newerStream = live.standalone();
            assertFalse(first.isOpen(), "the replaced stream's connection ended");
            FakeHttp.Response resumed = new FakeHttp.Response();
            HttpSink resumedSink = anotherGet(resumed, replaced.id() + "_0");
            assertTrue(live.standalone() == newerStream, "the connected newer stream stays the session's");
            assertTrue(newerSink.isOpen(), "the newer stream's connection goes on");
            live.standalone().send(notice("prompts"));
            assertTrue(newer.text().contains("notifications/prompts/list_changed"), newer.text());
            assertFalse(resumed.text().contains("notifications/prompts/list_changed"), "one stream only: " + resumed.text());
            assertTrue(resumedSink.isOpen());
        } finally {
            legacy.timers.stop();
        }
    }

    private static JsonObject notice(String list) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/" + list + "/list_changed").build();
    }

    /** A further GET of the session on a request of its own, answered on {@code answer} (resuming unless null). */
    private HttpSink anotherGet(FakeHttp.Response answer, String lastEventId) {
        FakeHttp.Request get = new FakeHttp.Request();
        get.response = answer;
        get.method("GET").header(LegacyExchanges.SESSION_HEADER, session.id()).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            get.header("Last-Event-ID", lastEventId);
        }
        HttpServletRequest request = get.build();
        HttpSink sink = HttpSink.start(request, answer.build());
        legacy.openStandaloneStream(request, answer.build(), sink, caller);
        return sink;
    }

    /** What a DELETE of the session on another request does: the store forgets it, and its end is announced. */
    private void deleteTheSession() {
        legacy.sessions.remove(session.id(), dev.jakartamcp.session.SessionEnd.DELETED);
        legacy.lives.onSessionEnded(dev.jakartamcp.session.SessionEnded.elsewhere(session.id()));
    }

    /** A GET on {@link #fakeRequest} for the session's stream (resuming {@code lastEventId} unless null). */
    private HttpSink openGetStream(String lastEventId) {
        legacy.streamLog = StreamLog.NONE;
        legacy.lives.log = StreamLog.NONE;
        legacy.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry, dev.jakartamcp.ops.Observation observation,
                      String traceparent) {
            }
        };
        legacy.timers.settings = FakeHttp.settings(new HashMap<>());
        legacy.timers.start();
        fakeRequest.method("GET").header("Accept", "text/event-stream");
        if (lastEventId != null) {
            fakeRequest.header("Last-Event-ID", lastEventId);
        }
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.openStandaloneStream(request, response.build(), sink, caller);
        return sink;
    }

    /**
     * In a 2025-03-26 batch, a request whose params are no object gets -32602 as it does alone, instead of running as
     * if it had sent none; the batch's other requests run.
     */
    @Test
    void aBatchedRequestWhoseParamsAreNoObjectIsInvalidParamsAsItIsAlone() throws InterruptedException {
        jakarta.json.JsonArray answers = batchIn2025_03_26("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]");
        assertEquals(2, answers.size(), response.text());
        JsonObject refused = answers.getJsonObject(0);
        assertEquals(1, refused.getInt("id"), response.text());
        assertTrue(refused.containsKey("error"), "answered with an error: " + response.text());
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INVALID_PARAMS, refused.getJsonObject("error").getInt("code"), response.text());
        assertEquals("Invalid params: params must be an object", refused.getJsonObject("error").getString("message"));
        assertEquals(2, answers.getJsonObject(1).getInt("id"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answers.getJsonObject(1).get("result"), response.text());
    }

    /** The answers to {@code batch}, POSTed in a new 2025-03-26 session of the caller. */
    private jakarta.json.JsonArray batchIn2025_03_26(String batch) throws InterruptedException {
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        fakeRequest.header(LegacyExchanges.SESSION_HEADER, batching.id());
        post(batch);
        return Json.createReader(new StringReader(response.text())).readArray();
    }

    /** An invalid element of a 2025-03-26 batch is answered by the id it carries, as the same message alone is. */
    @Test
    void anInvalidElementOfABatchIsAnsweredByItsIdWhenItHasOne() throws InterruptedException {
        jakarta.json.JsonArray answers = batchIn2025_03_26("[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":42},{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]");
        assertEquals(4, answers.size(), response.text());
        assertEquals(7, answers.getJsonObject(0).getInt("id"), response.text());
        assertEquals("x", answers.getJsonObject(1).getString("id"), response.text());
        assertFalse(answers.getJsonObject(2).containsKey("id") && answers.getJsonObject(2).get("id") != JsonValue.NULL,
                "an id that is no valid id is not echoed: " + response.text());
        for (int i = 0; i < 3; i++) {
            assertEquals(dev.jakartamcp.protocol.ErrorCode.INVALID_REQUEST, answers.getJsonObject(i).getJsonObject("error").getInt("code"));
        }
        assertEquals(2, answers.getJsonObject(3).getInt("id"));
    }

    /**
     * Two requests of one session with the same id at once (wrk sends one fixed body concurrently): the one that ends
     * first takes only its own entry away, and {@code notifications/cancelled} for the id still reaches the other.
     */
    @Test
    void aRequestStillRunsCancellableWhenAnotherWithItsIdHasEnded() throws InterruptedException {
        SlowCalls slow = new SlowCalls();
        try {
            send(CALL_ONE.formatted("slow"));
            slow.awaitStarted(1);
            FakeHttp.Response quick = send(CALL_ONE.formatted("quick"));
            awaitRunning(1);
            assertTrue(quick.text().contains("\"result\""), quick.text());
            send(CANCEL_ONE);
            assertTrue(slow.exchanges.get(0).isCancelled(), "the running request with id 1 was cancelled");
        } finally {
            slow.release();
        }
        awaitRunning(0);
        assertTrue(legacy.lives.of(session.id()).idle(), "nothing is left in flight for the session");
    }

    /** A client's notifications are observed as the conventions ask (a span and the operation metric each), alone or batched. */
    @Test
    void notificationsAreObservedLikeRequests() throws InterruptedException {
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, response.status);
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
        assertEquals(List.of("notifications/initialized null", "notifications/roots/list_changed null"), observed);
    }

    /** A cancellation names an id, not one request: every request of the session in flight with that id is cancelled. */
    @Test
    void aCancellationReachesEveryRequestInFlightWithItsId() throws InterruptedException {
        SlowCalls slow = new SlowCalls();
        try {
            send(CALL_ONE.formatted("slow"));
            send(CALL_ONE.formatted("slow"));
            slow.awaitStarted(2);
            send(CANCEL_ONE);
            assertTrue(slow.exchanges.get(0).isCancelled(), "the first request with id 1 was cancelled");
            assertTrue(slow.exchanges.get(1).isCancelled(), "the second request with id 1 was cancelled");
        } finally {
            slow.release();
        }
        awaitRunning(0);
        assertTrue(legacy.lives.of(session.id()).idle(), "nothing is left in flight for the session");
    }

    /** The session's end cancels every request it has in flight, those that share an id included. */
    @Test
    void theSessionsEndCancelsEveryRequestInFlightThoseSharingAnIdIncluded() throws InterruptedException {
        SlowCalls slow = new SlowCalls();
        try {
            send(CALL_ONE.formatted("slow"));
            send(CALL_ONE.formatted("slow"));
            slow.awaitStarted(2);
            legacy.sessions.remove(session.id(), dev.jakartamcp.session.SessionEnd.DELETED);
            legacy.lives.onSessionEnded(dev.jakartamcp.session.SessionEnded.elsewhere(session.id()));
            assertTrue(slow.exchanges.get(0).isCancelled(), "the first request with id 1 was cancelled");
            assertTrue(slow.exchanges.get(1).isCancelled(), "the second request with id 1 was cancelled");
        } finally {
            slow.release();
        }
        awaitRunning(0);
    }

    /** A request of a 2025-03-26 batch is in flight as a single one is: a cancellation naming its id reaches it. */
    @Test
    void aCancellationReachesARequestOfABatch() throws InterruptedException {
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        SlowCalls slow = new SlowCalls();
        FakeHttp.Response batched;
        try {
            batched = send("[" + CALL_ONE.formatted("slow") + "]", batching.id());
            slow.awaitStarted(1);
            send(CANCEL_ONE, batching.id());
            assertTrue(slow.exchanges.get(0).isCancelled(), "the batch's request with id 1 was cancelled");
        } finally {
            slow.release();
        }
        awaitRunning(0);
        assertTrue(legacy.lives.of(batching.id()).idle(), "nothing is left in flight for the session");
        // a batch is answered as plain JSON, which must answer each request (no 202): as a single request's, "cancelled"
        assertEquals(200, batched.status, batched.text());
        assertEquals("[{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"Request cancelled\"}}]", batched.text());
    }

    /** The session's end stops a batch: the request running is cancelled and those after it never start. */
    @Test
    void theSessionsEndStopsABatch() throws InterruptedException {
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        SlowCalls slow = new SlowCalls();
        FakeHttp.Response batched;
        try {
            batched = send("[" + CALL_ONE.formatted("slow") + "," + CALL_ONE.replace("\"id\":1", "\"id\":2").formatted("slow") + "]", batching.id());
            slow.awaitStarted(1);
            legacy.sessions.remove(batching.id(), dev.jakartamcp.session.SessionEnd.DELETED);
            legacy.lives.onSessionEnded(dev.jakartamcp.session.SessionEnded.elsewhere(batching.id()));
            assertTrue(slow.exchanges.get(0).isCancelled(), "the running request was cancelled");
        } finally {
            slow.release();
        }
        awaitRunning(0);
        assertEquals(1, slow.exchanges.size(), "the request after it never started");
        // each request answered (it was a 202 with no body, leaving the client waiting for both)
        assertEquals(200, batched.status, batched.text());
        assertEquals("[{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"Request cancelled\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32001,\"message\":\"Session not found: it ended before this"
                + " request of the batch ran; initialize a new one\"}}]", batched.text());
    }

    /**
     * Each request of a batch counts against mcp.rate-limit.requests-per-minute, as it would sent alone (the POST
     * counted the first): a caller over it gets -31429 for the requests beyond, and nothing of them runs.
     */
    @Test
    void eachRequestOfABatchCountsAgainstTheCallersRequestRate() throws InterruptedException {
        config.put("mcp.rate-limit.requests-per-minute", "2");
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        behind = exchange -> {
            ran.add(exchange.requestId().toString());
            return JsonValue.EMPTY_JSON_OBJECT;
        };
        legacy.rateLimits.checkRequest(caller); // what the servlet counted for the POST
        FakeHttp.Response batched = send("[" + CALL_ONE.formatted("t") + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                + "\"params\":{\"progressToken\":1,\"progress\":1}}," + CALL_ONE.replace("\"id\":1", "\"id\":2").formatted("t") + ","
                + CALL_ONE.replace("\"id\":1", "\"id\":3").formatted("t") + "]", batching.id());
        awaitRunning(0);
        assertEquals(200, batched.status, batched.text());
        assertEquals(List.of("1", "2"), ran, batched.text());
        JsonArray answers = Json.createReader(new java.io.StringReader(batched.text())).readArray();
        assertEquals(3, answers.size(), batched.text());
        JsonObject refusal = answers.getJsonObject(2);
        assertEquals(3, refusal.getInt("id"), batched.text());
        assertEquals(-31429, refusal.getJsonObject("error").getInt("code"), batched.text());
        assertEquals(List.of("POST /mcp RATE_LIMITED requests"), refused);
    }

    /**
     * A counter whose grid did not answer (mcp.cluster.grid-timeout) is asked once per batch: the requests after the
     * one it refused are refused alike, not each after another wait for the grid.
     */
    @Test
    void aBatchAsksARateCounterThatDidNotAnswerOnce() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        legacy.rateLimits = new dev.jakartamcp.limits.RateLimits(legacy.settings) {
            @Override
            public void checkRequest(Caller who) {
                asked.incrementAndGet();
                throw dev.jakartamcp.protocol.McpException.overCapacity(-31503, "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
            }
        };
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"ping\"}";
        FakeHttp.Response batched = send("[" + ping.formatted(1) + "," + ping.formatted(2) + "," + ping.formatted(3) + "]", batching.id());
        awaitRunning(0);
        assertEquals(200, batched.status, batched.text());
        JsonArray answers = Json.createReader(new java.io.StringReader(batched.text())).readArray();
        assertEquals(List.of(0, -31503, -31503), answers.stream()
                .map(a -> a.asJsonObject().containsKey("error") ? a.asJsonObject().getJsonObject("error").getInt("code") : 0).toList(), batched.text());
        assertEquals(1, asked.get(), "the counter was asked once");
        assertEquals(List.of("POST /mcp UNAVAILABLE grid", "POST /mcp UNAVAILABLE grid"), refused);
    }

    private static final String CALL_ONE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\"}}";
    private static final String CANCEL_ONE = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}";

    /** Calls of the tool "slow" run until released (or cancelled), and are kept in the order they started. */
    private final class SlowCalls {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        private final CountDownLatch released = new CountDownLatch(1);

        SlowCalls() {
            legacy.relay = SessionRelay.NONE;
            behind = exchange -> {
                if ("slow".equals(exchange.params().getString("name"))) {
                    exchanges.add(exchange);
                    try {
                        while (!exchange.isCancelled() && !released.await(10, TimeUnit.MILLISECONDS)) {
                            // waits like a tool that looks at its cancellation now and then
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return JsonValue.EMPTY_JSON_OBJECT;
            };
        }

        void awaitStarted(int count) throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (exchanges.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(count, exchanges.size(), "slow calls started");
        }

        void release() {
            released.countDown();
        }
    }

    /** Handles {@code body} as the servlet would, on a request of its own, without waiting for a call to end. */
    private FakeHttp.Response send(String body) {
        return send(body, session.id());
    }

    /** As {@link #send(String)}, in the session {@code sessionId}. */
    private FakeHttp.Response send(String body, String sessionId) {
        FakeHttp.Request own = new FakeHttp.Request();
        FakeHttp.Response answer = new FakeHttp.Response();
        own.response = answer;
        own.header(LegacyExchanges.SESSION_HEADER, sessionId);
        HttpServletRequest request = own.build();
        HttpSink sink = HttpSink.deferred(request, answer.build());
        legacy.handle(new IncomingPost(request, answer.build(), sink, Json.createReader(new StringReader(body)).read(),
                new HttpChecks.Acceptance(true, false), caller));
        sink.detach();
        FakeHttp.containerReturned(own);
        return answer;
    }

    private void awaitRunning(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (legacy.calls.drain.running() != calls && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(calls, legacy.calls.drain.running(), "calls running");
    }

    /**
     * A batch with an MCP-Protocol-Version this server does not know hears that (400, -32022) as a single message
     * does, not that batches need 2025-03-26.
     */
    @Test
    void aBatchWithAnUnsupportedProtocolVersionIsRefusedForItsVersion() throws InterruptedException {
        McpSession batching = legacy.sessions.create(ProtocolRevision.V2025_03_26, JsonValue.EMPTY_JSON_OBJECT, null, caller);
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        fakeRequest.header(LegacyExchanges.SESSION_HEADER, batching.id()).header(LegacyExchanges.VERSION_HEADER, "1999-01-01");
        post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertEquals(400, response.status, response.text());
        JsonObject error = Json.createReader(new StringReader(response.text())).readObject().getJsonObject("error");
        assertEquals(dev.jakartamcp.protocol.ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, error.getInt("code"), response.text());
        assertEquals("Unsupported protocol version: 1999-01-01", error.getString("message"));
    }

    /**
     * The session keeps initialize's capabilities as sent (up to 4 KiB) and author code reads them, so their numbers
     * get the bound of every client value, with the answer an initialize with invalid params gets: 400, -32602.
     */
    @Test
    void anInitializeWhoseCapabilitiesHoldANumberBeyondTheBoundIsInvalidParamsAndMakesNoSession() throws InterruptedException {
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        int before = legacy.sessions.size();
        post(initialize("{\"experimental\":{\"acme\":{\"budget\":1e500000000}}}"));
        assertEquals(400, response.status, response.text());
        JsonObject answer = Json.createReader(new StringReader(response.text())).readObject();
        assertEquals(1, answer.getInt("id"));
        JsonObject error = answer.getJsonObject("error");
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INVALID_PARAMS, error.getInt("code"));
        assertEquals("Invalid params: capabilities: experimental.acme.budget must have at most 1000 significant digits,"
                + " 1000 before the point and 1000 after it (exponent included)", error.getString("message"));
        assertEquals(null, response.header(LegacyExchanges.SESSION_HEADER), "no session was made");
        assertEquals(before, legacy.sessions.size());
    }

    @Test
    void anInitializeWhoseCapabilitiesHoldOrdinaryNumbersMakesASession() throws InterruptedException {
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        post(initialize("{\"experimental\":{\"acme\":{\"budget\":1e999,\"limit\":12345678901234567890}},\"elicitation\":{}}"));
        assertEquals(200, response.status, response.text());
        String id = response.header(LegacyExchanges.SESSION_HEADER);
        assertTrue(id != null, "a session was made");
        assertTrue(legacy.sessions.peek(id).orElseThrow().clientCapabilities().containsKey("elicitation"));
    }

    private static String initialize(String capabilities) {
        return initialize(capabilities, "{\"name\":\"test\",\"version\":\"1\"}");
    }

    private static String initialize(String capabilities, String clientInfo) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":" + capabilities + ",\"clientInfo\":" + clientInfo + "}}";
    }

    /** The schema has both as objects; one of another type is a client's mistake, not a client that declares nothing. */
    @Test
    void anInitializeWhoseCapabilitiesOrClientInfoAreNoObjectIsInvalidParamsAndMakesNoSession() throws InterruptedException {
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        int before = legacy.sessions.size();
        for (String wrong : List.of("5", "\"x\"", "[]", "true")) {
            FakeHttp.Response refused = new FakeHttp.Response();
            post(initialize(wrong), refused);
            assertInvalidParams(refused, "Invalid params: capabilities must be an object");
            refused = new FakeHttp.Response();
            post(initialize("{}", wrong), refused);
            assertInvalidParams(refused, "Invalid params: clientInfo must be an object");
        }
        assertEquals(before, legacy.sessions.size());
    }

    private static void assertInvalidParams(FakeHttp.Response refused, String message) {
        assertEquals(400, refused.status, refused.text());
        JsonObject answer = Json.createReader(new StringReader(refused.text())).readObject();
        assertEquals(1, answer.getInt("id"));
        JsonObject error = answer.getJsonObject("error");
        assertEquals(dev.jakartamcp.protocol.ErrorCode.INVALID_PARAMS, error.getInt("code"), refused.text());
        assertEquals(message, error.getString("message"));
        assertEquals(null, refused.header(LegacyExchanges.SESSION_HEADER), "no session was made");
    }

    /** JSON null is taken as left out, as a client that omits both is served: a session that knows nothing of the client. */
    @Test
    void anInitializeWithNullCapabilitiesAndClientInfoAfterARefusedOneMakesASession() throws InterruptedException {
        fakeRequest.headers.removeIf(h -> h[0].equals(LegacyExchanges.SESSION_HEADER));
        FakeHttp.Response refused = new FakeHttp.Response();
        post(initialize("[]"), refused);
        assertEquals(400, refused.status, refused.text());
        post(initialize("null", "null"));
        assertEquals(200, response.status, response.text());
        McpSession made = legacy.sessions.peek(response.header(LegacyExchanges.SESSION_HEADER)).orElseThrow();
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, made.clientCapabilities());
    }

    /**
     * A response the client makes up (or sends again after its question was answered) matches no question waiting
     * here: it is accepted as every response is, and goes nowhere, not to every node of a cluster.
     */
    @Test
    void aResponseToNoQuestionAskedHereIsDroppedWithoutClusterTraffic() throws InterruptedException {
        List<String> relayed = relayTo("node-a");
        post("{\"jsonrpc\":\"2.0\",\"id\":\"srv-does-not-exist\",\"result\":{}}");
        assertEquals(202, response.status, response.text());
        assertEquals(List.of(), relayed, "nothing went to the cluster");
    }

    /** The node that asked is named in its question's id: the answer goes to that node alone, never back to this one. */
    @Test
    void aResponseToAnotherNodesQuestionGoesToThatNodeOnly() throws InterruptedException {
        List<String> relayed = relayTo("node-a");
        post("{\"jsonrpc\":\"2.0\",\"id\":\"srv-0123abcd-1@node-b\",\"result\":{}}");
        assertEquals(202, response.status, response.text());
        assertEquals(List.of("node-b " + session.id() + " \"srv-0123abcd-1@node-b\""), relayed);
    }

    /**
     * A rolling upgrade: a node of an older version asked with an id that names no node; its answer, POSTed to a node
     * of this version, goes to every node as before (the one that asked among them).
     */
    @Test
    void aResponseToAQuestionOfANodeOfAnOlderVersionGoesToEveryNode() throws InterruptedException {
        List<String> relayed = relayTo("node-a");
        post("{\"jsonrpc\":\"2.0\",\"id\":\"srv-0123456789abcdef01234567-3\",\"result\":{}}");
        assertEquals(202, response.status, response.text());
        assertEquals(List.of(" " + session.id() + " \"srv-0123456789abcdef01234567-3\""), relayed, "the empty node: every node");
    }

    @Test
    void aResponseToAQuestionOfThisNodeThatNoLongerWaitsGoesNowhere() throws InterruptedException {
        List<String> relayed = relayTo("node-a");
        post("{\"jsonrpc\":\"2.0\",\"id\":\"srv-0123abcd-1@node-a\",\"result\":{}}");
        assertEquals(202, response.status, response.text());
        assertEquals(List.of(), relayed, "this node asked it: no other node waits for it");
    }

    /**
     * A string id of more than 1,024 characters is no id: the request is refused as invalid, naming the bound, and a
     * cancellation naming one (or anything but a string or an integer) is not looked for, nor passed to other nodes.
     */
    @Test
    void anIdLongerThanTheBoundIsRefusedAndNeverPassedOn() throws InterruptedException {
        List<String> relayed = relayTo("node-a");
        String longest = "i".repeat(JsonRpc.MAX_ID_LENGTH);
        post("{\"jsonrpc\":\"2.0\",\"id\":\"" + longest + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        assertEquals(longest, Json.createReader(new StringReader(response.text())).readObject().getString("id"), response.text());

        FakeHttp.Response refused = new FakeHttp.Response();
        post("{\"jsonrpc\":\"2.0\",\"id\":\"" + longest + "i\",\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}", refused);
        assertEquals(400, refused.status, refused.text());
        JsonObject error = Json.createReader(new StringReader(refused.text())).readObject().getJsonObject("error");
        assertEquals(ErrorCode.INVALID_REQUEST, error.getInt("code"));
        assertEquals("Invalid Request: an id is a string of at most 1024 characters or an integer", error.getString("message"));

        for (String requestId : List.of("\"" + longest + "i\"", "{\"a\":1}", "1.5", "null")) {
            FakeHttp.Response accepted = new FakeHttp.Response();
            post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + requestId + "}}", accepted);
            assertEquals(202, accepted.status, accepted.text());
        }
        assertEquals(List.of(), relayed, "no cancellation went to the cluster");
        post(CANCEL_ONE, new FakeHttp.Response());
        assertEquals(List.of("cancel " + session.id() + " 1"), relayed, "an id's cancellation does");
    }

    /** A cluster's relay as node {@code node}: what it passes to other nodes, as "node session id". */
    private List<String> relayTo(String node) {
        List<String> relayed = new java.util.concurrent.CopyOnWriteArrayList<>();
        legacy.relay = new SessionRelay() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public void answer(String node, String sessionId, String requestId, JsonObject message) {
                relayed.add(node + " " + sessionId + " " + requestId);
            }

            @Override
            public void cancel(String sessionId, String requestId) {
                relayed.add("cancel " + sessionId + " " + requestId);
            }
        };
        return relayed;
    }

    /** The graceful drain of this node's endpoint, over the test's streams. */
    private EndpointDrain drainer() {
        EndpointDrain drainer = new EndpointDrain();
        drainer.drain = new Drain();
        drainer.settings = legacy.timers.settings;
        drainer.subscriptions = new Subscriptions();
        drainer.lives = legacy.lives;
        drainer.timers = legacy.timers;
        drainer.drainOver = EndpointDrainStopTest.eventInto(new java.util.ArrayList<>());
        return drainer;
    }

    /**
     * A GET with {@code Last-Event-ID: other_1} for the session's stream {@code other} that the cluster's log shows as
     * {@code shared}, holding {@code entry} (if any) after the client's last event.
     */
    private HttpSink resumeGetStream(StreamLog.Shared shared, StreamLog.Entry entry, Map<String, String> settings) {
        return resumeGetStream(() -> shared, entry, settings);
    }

    /** {@link #resumeGetStream(StreamLog.Shared, StreamLog.Entry, Map)} with a log whose view of the stream changes. */
    private HttpSink resumeGetStream(java.util.function.Supplier<StreamLog.Shared> shared, StreamLog.Entry entry, Map<String, String> settings) {
        // the cluster's log as this node reads it; what this node writes to it does not matter here
        legacy.streamLog = (StreamLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StreamLog.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "find" -> "other".equals(args[0]) ? java.util.Optional.of(shared.get()) : java.util.Optional.empty();
                    case "after" -> "other".equals(args[0]) && entry != null && (Long) args[1] < entry.sequence()
                            ? java.util.List.of(entry) : java.util.List.of();
                    default -> method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args) : null;
                });
        legacy.openStreams = new OpenStreams() {
            @Override
            void open(Caller caller, String method, HttpSink sink, Runnable atTokenExpiry, dev.jakartamcp.ops.Observation observation,
                      String traceparent) {
            }
        };
        legacy.lives.log = StreamLog.NONE;
        legacy.timers.settings = FakeHttp.settings(new HashMap<>(settings));
        legacy.timers.start();
        fakeRequest.method("GET").header("Accept", "text/event-stream").header("Last-Event-ID", "other_1");
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.start(request, response.build());
        legacy.openStandaloneStream(request, response.build(), sink, caller);
        return sink;
    }

    /** Handles {@code body} as the servlet would, and waits until the call has ended. */
    private void post(String body) throws InterruptedException {
        post(body, response);
    }

    /** As {@link #post(String)}, answered on {@code answer}: a further request of one test. */
    private void post(String body, FakeHttp.Response answer) throws InterruptedException {
        fakeRequest.response = answer;
        HttpServletRequest request = fakeRequest.build();
        HttpSink sink = HttpSink.deferred(request, answer.build());
        legacy.handle(new IncomingPost(request, answer.build(), sink, Json.createReader(new StringReader(body)).read(),
                new HttpChecks.Acceptance(true, false), caller));
        sink.detach();
        FakeHttp.containerReturned(fakeRequest);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (legacy.calls.drain.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, legacy.calls.drain.running(), "the call has ended");
    }
}
