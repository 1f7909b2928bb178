package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once the container has ended a response, nothing of it is touched again: Payara reuses response objects for later
 * requests, so a status, a header or a flush set from a late thread would land on another client's answer. Two ways
 * to get there: a thread a tool started sends progress after the call was answered as plain JSON, and a call answered
 * from the pool after its client disconnected.
 */
class ResponseStreamAfterEndTest {
    private final FakeHttp.Request request = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final StreamTimers timers = new StreamTimers();

    ResponseStreamAfterEndTest() {
        request.response = response;
        timers.settings = FakeHttp.settings(java.util.Map.of());
        timers.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopTimers() {
        timers.stop();
    }

    @Test
    void aLateNotificationAfterAPlainJsonAnswerTouchesNothing() throws Exception {
        ResponseStream stream = answeredAsPlainJson();
        onAnotherThread(() -> {
            stream.notify(progress());
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), response.touchedAfterEnd);
    }

    @Test
    void aLateRequestToTheClientFailsAndTouchesNothing() throws Exception {
        ResponseStream stream = answeredAsPlainJson();
        CompletableFuture<JsonObject> answer = onAnotherThread(() -> stream.request("elicitation/create",
                Json.createObjectBuilder().add("message", "continue?").build())).get(5, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals("the response to the client is gone", failed.getCause().getMessage());
        assertEquals(List.of(), response.touchedAfterEnd);
    }

    @Test
    void anAnswerAfterTheClientDisconnectedTouchesNothing() throws Exception {
        HttpSink sink = HttpSink.start(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.LATEST, null, timers);
        clientDisconnects();
        assertFalse(sink.isOpen());
        onAnotherThread(() -> {
            stream.respond(result(), 200);
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), response.touchedAfterEnd);
        assertEquals(0, response.completed, "the container ended it; it is not completed a second time");
    }

    @Test
    void anErrorAnswerAfterTheClientDisconnectedSetsNoHeaders() throws Exception {
        HttpSink sink = HttpSink.start(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.LATEST, null, timers);
        clientDisconnects();
        onAnotherThread(() -> {
            stream.respondError(result(), 429, java.util.Map.of("Retry-After", "1"));
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), response.touchedAfterEnd);
    }

    @Test
    void aPlainJsonAnswerStillGoesOutWhileTheResponseIsOpen() {
        HttpSink sink = HttpSink.deferred(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25, null, timers);
        stream.respond(result(), 200);
        assertEquals("application/json", response.contentType);
        assertTrue(response.text().contains("\"result\""), response.text());
    }

    /**
     * Nothing of a request follows its response ("Progress notifications MUST stop after completion"): a call still
     * running after its streamed answer (timed out, cancelled) adds no event, not even one kept for a client that
     * resumes the stream, and asks the client nothing more.
     */
    @Test
    void nothingFollowsTheResponseOfAStreamedAnswer() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamLog log = (StreamLog) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StreamLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("appended")) {
                        logged.add((String) args[2]);
                    }
                    Class<?> type = method.getReturnType();
                    return type == boolean.class ? false : type == java.util.Optional.class ? java.util.Optional.empty()
                            : type == List.class ? List.of() : null;
                });
        HttpSink sink = HttpSink.start(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25,
                new LiveSession("session-1", log, s -> { }, () -> { }), timers).answering(Json.createValue(1));
        stream.notify(progress());
        stream.respond(result(), 200);
        assertEquals(2, logged.size(), logged::toString);

        stream.notify(progress());
        CompletableFuture<JsonObject> asked = stream.request("elicitation/create", Json.createObjectBuilder().add("message", "more?").build());
        assertTrue(asked.isCompletedExceptionally(), "a question after the response is not sent");
        assertEquals(2, logged.size(), "no event after the response: " + logged);
    }

    /** A question the server gives up is cancelled on the stream it went out on, naming it; after the response, nothing. */
    @Test
    void aQuestionGivenUpIsCancelledOnItsStream() {
        HttpSink sink = HttpSink.start(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25,
                new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { }), timers).answering(Json.createValue(1));
        CompletableFuture<JsonObject> asked = stream.request("roots/list", Json.createObjectBuilder().build());
        String sent = response.text();
        String id = sent.substring(sent.indexOf("\"id\":\"srv-") + 6, sent.indexOf('"', sent.indexOf("\"id\":\"srv-") + 6));
        asked.cancel(false);
        stream.gaveUp(asked);
        assertTrue(response.text().contains("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\""
                + id + "\",\"reason\":\"The server no longer waits for the answer\"}}"), response.text());

        stream.respond(result(), 200);
        String answered = response.text();
        stream.gaveUp(asked);
        assertEquals(answered, response.text());
    }

    /** A 2025 call answered by the container's thread as plain JSON; the container then ended the response. */
    private ResponseStream answeredAsPlainJson() {
        HttpSink sink = HttpSink.deferred(request.build(), response.build());
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25,
                new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { }), timers);
        stream.respond(result(), 200);
        sink.detach();
        FakeHttp.containerReturned(request);
        assertEquals(1, response.completed);
        response.recycled = true;
        return stream;
    }

    /** The container ends the async response as it does when the client goes away. */
    private void clientDisconnects() throws Exception {
        AsyncEvent event = new AsyncEvent(request.async, new java.io.IOException("connection reset"));
        for (jakarta.servlet.AsyncListener listener : request.asyncListeners) {
            listener.onError(event);
        }
        response.recycled = true;
    }

    private static <T> CompletableFuture<T> onAnotherThread(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        new Thread(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "late-thread").start();
        return done;
    }

    private static JsonObject result() {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", 1)
                .add("result", Json.createObjectBuilder().add("content", Json.createArrayBuilder())).build();
    }

    private static JsonObject progress() {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/progress").build();
    }
}
