package dev.jakartamcp.transport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a 2025 session keeps of its streams for {@code Last-Event-ID} is bounded in number and in bytes, and making
 * room drops what nobody will resume first: never the GET stream, and a call still running whose client went away
 * only after every finished stream. Its questions to the client have ids no other copy of the session (another node's)
 * uses.
 */
class LiveSessionStreamsTest {
    private final LiveSession live = new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { });

    @Test
    void aRunningCallsStreamWithoutAConnectionOutlivesFinishedStreams() {
        FakeHttp.Connection gone = new FakeHttp.Connection();
        EventStream running = live.open(gone.sink, "1");
        gone.sink.markGone(); // the client went away; the call still runs and will answer on this stream
        for (int i = 0; i < 200; i++) {
            EventStream done = live.open(new FakeHttp.Connection().sink, String.valueOf(i + 2));
            done.send(message(10));
            done.finish();
        }
        assertNotNull(live.stream(running.id()), "the running call's stream is still there to resume");
    }

    /**
     * A call whose client went away answers more than the session keeps: the answer stays for the client's resume, as
     * a stream keeps its newest event (it was dropped as soon as the call finished, and the client never got it).
     */
    @Test
    void anAnswerLargerThanTheSessionKeepsStaysForTheResume() {
        FakeHttp.Connection get = new FakeHttp.Connection();
        EventStream standalone = live.open(get.sink, null);
        live.standalone(standalone, dev.jakartamcp.protocol.Caller.ANONYMOUS);
        get.sink.markGone();
        standalone.send(message(900 * 1024)); // notices the GET stream keeps
        FakeHttp.Connection post = new FakeHttp.Connection();
        EventStream call = live.open(post.sink, "1");
        post.sink.markGone();
        call.send(message((int) LiveSession.MAX_KEPT_BYTES + 100 * 1024));
        call.finish();
        live.trim();
        assertNotNull(live.stream(call.id()), "the answer the client has not taken");

        FakeHttp.Connection second = new FakeHttp.Connection();
        EventStream next = live.open(second.sink, "2");
        second.sink.markGone();
        next.send(message(100 * 1024));
        next.finish();
        live.trim();
        assertNotNull(live.stream(next.id()), "the newest answer not taken stays");
        assertNull(live.stream(call.id()), "an older one makes room for it");
        assertNotNull(live.stream(standalone.id()));
    }

    /**
     * A call's large answer handed to its connection, which a slow client has not taken yet, stays for the resume once
     * the call finishes: handed over counted as delivered, and the answer was dropped first while it still waited there
     * (to be lost with the connection). Once the client took it, it may make room.
     */
    @Test
    void aLargeAnswerWaitingForASlowClientStaysUntilItIsTaken() {
        HttpSinkTest.Connection slow = new HttpSinkTest.Connection(0);
        HttpSink sink = slow.sink();
        sink.nonBlocking(8L * 1024 * 1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        slow.writePossible();
        EventStream call = live.open(sink, "1");
        int size = (int) LiveSession.MAX_KEPT_BYTES + 100 * 1024;
        call.send(message(size));
        call.finish();
        assertTrue(sink.unsentBytes() > size, "the answer waits in the connection");
        live.trim();
        assertNotNull(live.stream(call.id()), "the answer its client has not taken");

        slow.reads(Long.MAX_VALUE / 2);
        assertEquals(0, sink.unsentBytes());
        EventStream next = live.open(new FakeHttp.Connection().sink, "2");
        next.send(message(1024));
        next.finish();
        live.trim();
        assertNull(live.stream(call.id()), "taken, it makes room");
    }

    /** The same with a newer call still running on its connection: the lost answer stays all the same. */
    @Test
    void aLostAnswerStaysWhileANewerCallRuns() {
        FakeHttp.Connection post = new FakeHttp.Connection();
        EventStream lost = live.open(post.sink, "1");
        EventStream running = live.open(new FakeHttp.Connection().sink, "2"); // connected, still running
        post.sink.markGone();
        lost.send(message((int) LiveSession.MAX_KEPT_BYTES + 100 * 1024));
        lost.finish();
        live.trim();
        assertNotNull(live.stream(lost.id()), "the answer the client has not taken");
        assertNotNull(live.stream(running.id()));
    }

    @Test
    void theGetStreamIsNeverDropped() {
        FakeHttp.Connection get = new FakeHttp.Connection();
        EventStream standalone = live.open(get.sink, null);
        live.standalone(standalone, dev.jakartamcp.protocol.Caller.ANONYMOUS);
        get.sink.markGone();
        for (int i = 0; i < 200; i++) {
            live.open(new FakeHttp.Connection().sink, String.valueOf(i)).finish();
        }
        assertNotNull(live.stream(standalone.id()));
    }

    @Test
    void theKeptEventsOfASessionStayBoundedInBytes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            EventStream s = live.open(new FakeHttp.Connection().sink, String.valueOf(i));
            s.send(message(1024 * 1024)); // a large answer, kept as the stream's newest event
            s.finish();
            ids.add(s.id());
        }
        long kept = ids.stream().map(live::stream).filter(s -> s != null).mapToLong(EventStream::keptBytes).sum();
        assertTrue(kept <= LiveSession.MAX_KEPT_BYTES + 1024 * 1024 + 1024, "kept " + kept + " bytes");
        assertNull(live.stream(ids.get(0)), "the oldest finished stream made room");
        assertNotNull(live.stream(ids.get(ids.size() - 1)));
    }

    /**
     * The bounds of kept events count the bytes the events are written in (UTF-8), not Java's characters: text in
     * Chinese, three bytes a character, was counted at a third of its size, and a stream kept 3 MiB for its 1 MiB.
     */
    @Test
    void keptEventsAreCountedInTheirUtf8Bytes() {
        EventStream mixed = live.open(new FakeHttp.Connection().sink, "101");
        JsonObject text = Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "x")
                .add("params", Json.createObjectBuilder().add("text", "a é 日本 😀 \ud800 end")).build();
        mixed.send(text);
        assertEquals(text.toString().getBytes(StandardCharsets.UTF_8).length, mixed.keptBytes());

        EventStream stream = live.open(new FakeHttp.Connection().sink, "102");
        JsonObject first = cjk(200 * 1024);
        JsonObject second = cjk(200 * 1024);
        stream.send(first);
        stream.send(second);
        assertEquals(second.toString().getBytes(StandardCharsets.UTF_8).length, stream.keptBytes(),
                "1.2 MB in all: the older event made room within the stream's 1 MiB");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            EventStream s = live.open(new FakeHttp.Connection().sink, String.valueOf(200 + i));
            s.send(cjk(200 * 1024)); // 600 KiB each: 2.4 MiB in all, beyond the session's 2 MiB
            s.finish();
            ids.add(s.id());
        }
        live.trim();
        assertNull(live.stream(ids.get(0)), "the oldest finished stream made room");
        assertNotNull(live.stream(ids.get(ids.size() - 1)));
    }

    /** A message whose {@code chars} characters of text are each three bytes in UTF-8. */
    private static JsonObject cjk(int chars) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "字".repeat(chars)).add("result", Json.createObjectBuilder()).build();
    }

    /**
     * Streams running at once (a caller's calls in one session, each answering about 1 MiB) cannot be dropped when the
     * last of them opens: once they finish, the session's kept events are trimmed again, not kept until its next stream.
     */
    @Test
    void theKeptEventsOfStreamsThatRanAtOnceAreTrimmedAsTheyFinish() {
        List<EventStream> running = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            running.add(live.open(new FakeHttp.Connection().sink, String.valueOf(i)));
        }
        for (EventStream s : running) {
            s.send(message(1024 * 1024));
            s.finish();
        }
        long kept = running.stream().map(s -> live.stream(s.id())).filter(s -> s != null).mapToLong(EventStream::keptBytes).sum();
        assertTrue(kept <= LiveSession.MAX_KEPT_BYTES + 1024 * 1024 + 1024, "kept " + kept + " bytes");
        assertNotNull(live.stream(running.get(running.size() - 1).id()), "the newest stays");
    }

    @Test
    void theNumberOfStreamsStaysBounded() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            EventStream s = live.open(new FakeHttp.Connection().sink, String.valueOf(i));
            s.finish();
            ids.add(s.id());
        }
        long held = ids.stream().map(live::stream).filter(s -> s != null).count();
        assertTrue(held <= LiveSession.MAX_STREAMS, held + " streams held");
    }

    /**
     * A client resumes a call's stream with {@code Last-Event-ID} while the POST that began it is still connected (a
     * proxy kept it half open): the stream goes on on the new connection, and the one it left is ended, not kept open
     * with no timeout and nothing left to write it.
     */
    @Test
    void aStreamResumedOnANewConnectionEndsTheConnectionItLeft() {
        FakeHttp.Connection post = new FakeHttp.Connection();
        EventStream call = live.open(post.sink, "1");
        call.send(message(10));
        FakeHttp.Connection get = new FakeHttp.Connection();
        call.resume(get.sink, 0);
        assertEquals(1, post.response.completed, "the POST's connection was ended");
        assertTrue(get.response.text().contains("id: " + call.id() + "_1\n"), get.response.text());
        assertTrue(get.sink.isOpen(), "the stream goes on on the new connection");
        call.send(message(10));
        assertTrue(get.response.text().contains("id: " + call.id() + "_2\n"), get.response.text());
        assertEquals(0, get.response.completed);
    }

    @Test
    void twoCopiesOfASessionNeverAskWithTheSameId() {
        // on a cluster, two nodes serve one session, each with its own copy; the client may answer on either
        LiveSession onA = live;
        LiveSession onB = new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { });
        java.util.concurrent.CompletableFuture<JsonObject> waitingOnA = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<JsonObject> waitingOnB = new java.util.concurrent.CompletableFuture<>();
        String askedByA = onA.nextServerRequestId();
        String askedByB = onB.nextServerRequestId();
        onA.awaitAnswer(askedByA, waitingOnA);
        onB.awaitAnswer(askedByB, waitingOnB);
        assertTrue(!askedByA.equals(askedByB), askedByA + " twice");
        JsonObject answerToB = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", askedByB).add("result", Json.createObjectBuilder()).build();
        assertTrue(!onA.answer(askedByB, answerToB), "A does not take the answer to B's question");
        assertTrue(!waitingOnA.isDone());
        assertTrue(onB.answer(askedByB, answerToB));
        assertTrue(waitingOnB.isDone());
    }

    /** On a cluster a question's id names the node that asks it, so that the client's answer goes to that node only. */
    @Test
    void aQuestionsIdNamesTheNodeThatAsksIt() {
        LiveSession onA = new LiveSession("session-1", () -> "node-a", StreamLog.NONE, s -> { }, () -> { }, Runnable::run);
        String asked = Json.createValue(onA.nextServerRequestId()).toString();
        assertEquals(java.util.Optional.of("node-a"), LiveSession.askedBy(asked), asked);
        assertEquals(java.util.Optional.of(""), LiveSession.askedBy(Json.createValue(live.nextServerRequestId()).toString()),
                "a single server's questions name no node");
        for (String madeUp : new String[] {"\"srv-1@\"", "\"other-1@node-a\"", "7", "\"\"", "\"srv-\"x"}) {
            assertEquals(java.util.Optional.empty(), LiveSession.askedBy(madeUp), madeUp);
        }
    }

    /** A node that rejoined its cluster after a split has a new name: the session's next questions name it. */
    @Test
    void aQuestionNamesTheNodesNameAtTheTimeItIsAsked() {
        java.util.concurrent.atomic.AtomicReference<String> node = new java.util.concurrent.atomic.AtomicReference<>("node-a");
        LiveSession onA = new LiveSession("session-1", node::get, StreamLog.NONE, s -> { }, () -> { }, Runnable::run);
        String first = Json.createValue(onA.nextServerRequestId()).toString();
        node.set("node-a-rejoined");
        String second = Json.createValue(onA.nextServerRequestId()).toString();
        assertEquals(java.util.Optional.of("node-a"), LiveSession.askedBy(first), first);
        assertEquals(java.util.Optional.of("node-a-rejoined"), LiveSession.askedBy(second), second);
    }

    private static JsonObject message(int size) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "x".repeat(size)).add("result", Json.createObjectBuilder()).build();
    }


    @Test
    void aStreamEndsForShutdownWhenTheClustersLogIsClosedAlready() {
        StreamLog closed = (StreamLog) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StreamLog.class}, (proxy, method, args) -> {
                    if (method.getName().equals("finished")) {
                        throw new IllegalStateException("Cache operations can not be performed. The cache closed");
                    }
                    return null;
                });
        FakeHttp.Connection get = new FakeHttp.Connection();
        EventStream stream = new EventStream("session-1_1", true, get.sink, closed, s -> { });
        stream.endForShutdown(3000);
        assertTrue(get.response.text().endsWith("retry: 3000\n\n"), get.response.text());
        assertEquals(1, get.response.completed, "the response ends");
    }

    /**
     * The last event of a stream the server ends carries no message: for a 2025-11-25 client (its stream primed) its
     * data is empty, as the priming event's, which that client takes for none; an older revision's client takes every
     * data line for a JSON-RPC message, so for it the event has none (a GET stream on every rolling restart failed to
     * parse an empty message).
     */
    @Test
    void theLastEventOfAStreamEndedForShutdownHasEmptyDataOnlyForAClientOfThePollingPattern() {
        FakeHttp.Connection primed = new FakeHttp.Connection();
        EventStream polling = new EventStream("session-1_1", true, primed.sink, s -> { });
        polling.prime(3000);
        polling.endForShutdown(3000);
        assertEquals("id: session-1_1_1\nretry: 3000\ndata: \n\nid: session-1_1_2\nretry: 3000\ndata: \n\n", primed.response.text());
        FakeHttp.Connection older = new FakeHttp.Connection();
        EventStream notPolling = new EventStream("session-1_2", true, older.sink, s -> { });
        notPolling.endForShutdown(3000);
        assertEquals("id: session-1_2_1\nretry: 3000\n\n", older.response.text());
    }
}
