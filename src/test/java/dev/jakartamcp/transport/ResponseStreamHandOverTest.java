package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call that sends the client a notification or a request from the execution pool while the container's thread
 * still holds the response: if that thread never hands the response over (a bug, see {@link HttpSink#mayWrite}),
 * the pool thread touches nothing of the response — no status, no headers, no stream — and a request to the client
 * fails at once instead of waiting for an answer that can never come.
 */
class ResponseStreamHandOverTest {
    private final FakeHttp.Request request = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final HttpSink sink;

    ResponseStreamHandOverTest() {
        request.response = response;
        sink = HttpSink.deferred(request.build(), response.build()); // owned by the test's thread, which never detaches
        sink.detachWaitMillis = 100;
    }

    @Test
    void aNotificationIsDroppedWhenTheContainersThreadNeverLeaves() throws Exception {
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25, null, new StreamTimers());
        onPoolThread(() -> {
            stream.notify(progress());
            return null;
        }).get(5, TimeUnit.SECONDS);
        untouched();
    }

    @Test
    void aRequestToTheClientFailsWhenTheContainersThreadNeverLeaves() throws Exception {
        LiveSession live = new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { });
        ResponseStream stream = new ResponseStream(response.build(), sink, true, ProtocolRevision.V2025_11_25, live, new StreamTimers());
        CompletableFuture<JsonObject> answer = onPoolThread(() -> stream.request("elicitation/create",
                Json.createObjectBuilder().add("message", "continue?").build())).get(5, TimeUnit.SECONDS);
        assertTrue(answer.isDone(), "no answer can come: the request never went out");
        ExecutionException failed = assertThrows(ExecutionException.class, answer::get);
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertEquals("the response to the client is gone", failed.getCause().getMessage());
        untouched();
    }

    private void untouched() {
        assertFalse(sink.isOpen(), "the response counts as gone");
        assertFalse(request.asyncStarted, "no async mode from the pool thread");
        assertNull(response.contentType, "no SSE headers from the pool thread");
        assertEquals(0, response.headers.size());
        assertEquals("", response.text());
    }

    /** What {@code work} returns, run on a thread other than the container's (the test's). */
    private static <T> CompletableFuture<T> onPoolThread(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        new Thread(() -> done.complete(work.get()), "pool-thread").start();
        return done;
    }

    private static JsonObject progress() {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/progress").build();
    }
}
