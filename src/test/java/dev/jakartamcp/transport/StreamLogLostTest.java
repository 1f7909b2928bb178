package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the cluster on, a stream's events also go to the grid's stream log. When the grid does not take one (it did
 * not answer within {@code mcp.cluster.grid-timeout}), the event still reaches the client and stays for resumption on
 * this node, and the stream writes no more events to the grid, so no later event waits for it again; its end is
 * still told.
 */
class StreamLogLostTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean answers = true;
    /** The event whose append finds the stream's record gone (the grid evicted it); -1: none. */
    private volatile long recordGoneAt = -1;

    private final StreamLog grid = new QuietStreamLog() {
        @Override
        public void opened(String streamId, String sessionId, String requestId) {
            record("opened");
        }

        @Override
        public void appended(String streamId, long sequence, String data) {
            record("appended " + sequence);
            if (sequence == recordGoneAt) {
                throw new StreamLog.RecordGone(streamId);
            }
        }

        @Override
        public void finished(String streamId, String sessionId, String requestId) {
            record("finished");
        }

        @Override
        public void abandoned(String streamId, String sessionId, String requestId) {
            record("abandoned " + sessionId + " " + requestId);
        }

        @Override
        public void incomplete(String streamId, String sessionId, String requestId) {
            record("incomplete " + sessionId + " " + requestId);
        }

        private void record(String call) {
            calls.add(call);
            if (!answers) {
                throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "the data grid did not answer", Duration.ofSeconds(5), "grid");
            }
        }
    };

    @Test
    void anEventTheGridDoesNotTakeStillReachesTheClientAndTheLogIsNotAskedAgain() {
        FakeHttp.Connection connection = new FakeHttp.Connection();
        EventStream stream = new EventStream("session-1_1", true, connection.sink, grid, s -> { });
        stream.send(message(1));
        answers = false;
        stream.send(message(2));
        stream.send(message(3));
        answers = true;
        stream.send(message(4));
        stream.finish();

        assertEquals(List.of("appended 1", "appended 2", "abandoned null null"), calls,
                "no event after the one the grid did not take; the end is told (a follower on another node stops waiting)");
        String sent = connection.response.text();
        for (int i = 1; i <= 4; i++) {
            assertTrue(sent.contains("\"n\":" + i), "event " + i + " reached the client: " + sent);
        }
        FakeHttp.Connection again = new FakeHttp.Connection();
        stream.resume(again.sink, 1);
        assertTrue(again.response.text().contains("\"n\":2") && again.response.text().contains("\"n\":4"),
                "resumable on this node: " + again.response.text());
    }

    @Test
    void aStreamWhoseOpeningTheGridDidNotTakeIsServedWithoutTheLog() {
        LiveSession session = new LiveSession("session-1", grid, s -> { }, () -> { });
        answers = false;
        FakeHttp.Connection connection = new FakeHttp.Connection();
        EventStream stream = session.open(connection.sink, "1");
        answers = true;
        stream.send(message(1));
        stream.finish();
        assertEquals(List.of("opened", "abandoned session-1 1"), calls,
                "its end is logged with its session and request, which the log never got: a resume on another node is told"
                        + " to send the request again, not given a GET stream");
        assertTrue(connection.response.text().contains("\"n\":1"), connection.response.text());
    }

    /**
     * A GET stream never finishes while its node runs: once the grid takes writes again, its record is marked finished
     * and incomplete (at a keep-alive), so that another node stops following it and serves the client a GET stream of
     * its own. Its record said for the stream's life that this node serves it, and a follower heard only keep-alives.
     */
    @Test
    void aGetStreamThatLostItsLogIsMarkedIncompleteOnceTheGridAnswers() {
        LiveSession session = new LiveSession("session-1", grid, s -> { }, () -> { });
        EventStream get = session.open(new FakeHttp.Connection().sink, null);
        EventStream call = session.open(new FakeHttp.Connection().sink, "7");
        get.shareLoss();
        get.send(message(1));
        answers = false;
        get.send(message(2));
        call.send(message(3));
        get.shareLoss(); // the grid still does not answer
        answers = true;
        get.shareLoss();
        get.shareLoss();
        call.shareLoss();
        assertEquals(List.of("opened", "opened", "appended 1", "appended 2", "appended 1", "abandoned session-1 null",
                "abandoned session-1 null"), calls, "marked once the grid answers, once; a request's stream waits for its end");
        assertTrue(!get.isFinished(), "the stream goes on here");
    }

    /**
     * The grid evicted a running call's record (the least recently used beyond mcp.cluster.stream-log-max-events): the
     * stream records it again at once, running and incomplete, so that a resume on another node waits for its end and
     * is then told to send the request again; without a record, that node took the resume for a new GET stream and the
     * request was never answered.
     */
    @Test
    void aStreamWhoseRecordTheGridDroppedRecordsItAgainAsIncomplete() {
        recordGoneAt = 2;
        LiveSession session = new LiveSession("session-1", grid, s -> { }, () -> { });
        FakeHttp.Connection connection = new FakeHttp.Connection();
        EventStream stream = session.open(connection.sink, "9");
        stream.send(message(1));
        stream.send(message(2));
        stream.send(message(3));
        stream.finish();
        assertEquals(List.of("opened", "appended 1", "appended 2", "incomplete session-1 9", "abandoned session-1 9"), calls,
                "recorded again at once as running and incomplete (a resume elsewhere waits for its end, then is told to send"
                        + " the request again), no event logged after, and its end recorded as incomplete");
        assertTrue(connection.response.text().contains("\"n\":3"), connection.response.text());
    }

    private static jakarta.json.JsonObject message(int n) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/message")
                .add("params", Json.createObjectBuilder().add("n", n)).build();
    }
}
