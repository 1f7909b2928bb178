package dev.jakartamcp.transport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HttpSink#deferred}: the response of a POST stays an ordinary one while the container's thread (here: the
 * thread that runs the test) answers it; async mode only when another thread is to write it or it becomes a stream.
 */
class HttpSinkDeferredTest {
    private final FakeHttp.Request request = new FakeHttp.Request();
    private final FakeHttp.Response response = new FakeHttp.Response();
    private final HttpSink sink;

    HttpSinkDeferredTest() {
        request.response = response;
        sink = HttpSink.deferred(request.build(), response.build());
    }

    @Test
    void anAnswerOfTheContainersThreadNeedsNoAsyncMode() {
        List<String> ended = new CopyOnWriteArrayList<>();
        sink.whenCompleted(() -> ended.add("completed"));
        assertTrue(sink.write("{}"));
        sink.complete();
        assertEquals(List.of("completed"), ended, "what waits for the end runs when the answer is complete");
        assertFalse(sink.isOpen());
        sink.detach();
        assertFalse(request.asyncStarted, "nothing is left to write: no async mode");
        FakeHttp.containerReturned(request);
        assertEquals("{}", response.text());
        assertEquals(1, response.completed);
    }

    @Test
    void anotherThreadWaitsUntilTheContainersThreadDetachesTheResponse() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> leaveNeeded = new CompletableFuture<>();
        sink.whenLeaveNeeded(() -> {
            asked.add(Thread.currentThread().getName());
            leaveNeeded.complete(null);
        });
        CompletableFuture<Boolean> wrote = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            boolean written = sink.write("{\"late\":true}");
            sink.complete();
            wrote.complete(written);
        }, "pool-thread");
        other.start();
        leaveNeeded.get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertFalse(wrote.isDone(), "the other thread waits for the container's thread");
        assertEquals("", response.text());
        sink.detach();
        assertTrue(request.asyncStarted, "async mode before the other thread writes");
        assertTrue(wrote.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("pool-thread"), asked);
        FakeHttp.containerReturned(request);
        assertEquals("{\"late\":true}", response.text());
        assertEquals(1, response.completed, "ended once, by the async context");
    }

    @Test
    void aStreamBegunByTheContainersThreadIsInAsyncMode() {
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run, HttpSink.LastBytesDeadline.NONE, true);
        assertTrue(request.asyncStarted);
        assertTrue(sink.write("data: 1\n\n"));
        sink.complete();
        sink.detach();
        FakeHttp.containerReturned(request);
        assertEquals("data: 1\n\n", response.text());
        assertEquals(1, response.completed);
    }

    @Test
    void aDetachedResponseIsWrittenByAnyThreadWithoutWaiting() throws Exception {
        sink.whenLeaveNeeded(() -> {
            throw new AssertionError("nobody needs to leave");
        });
        sink.detach();
        assertTrue(request.asyncStarted);
        CompletableFuture<Boolean> wrote = new CompletableFuture<>();
        new Thread(() -> {
            boolean written = sink.write("{}");
            sink.complete();
            wrote.complete(written);
        }, "pool-thread").start();
        assertTrue(wrote.get(5, TimeUnit.SECONDS));
        FakeHttp.containerReturned(request);
        assertEquals(1, response.completed);
    }
}
