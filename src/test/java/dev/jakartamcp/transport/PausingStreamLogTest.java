package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream log as a node's streams write it in production: through {@link PausingStreamLog}, whose pause after a
 * write the grid did not answer must neither swallow a write the streams need (a record written again, a stream's
 * end) nor keep it from the grid for good.
 */
class PausingStreamLogTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final GridPause pause = new GridPause(now::get);
    private final LateStreamEnds late = new LateStreamEnds();
    private volatile boolean answers = true;
    private volatile long recordGoneAt = -1;

    private final StreamLog grid = new QuietStreamLog() {
        @Override
        public void opened(String streamId, String sessionId, String requestId) {
            record("opened " + requestId);
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
            record("finished " + sessionId + " " + requestId);
        }

        @Override
        public void abandoned(String streamId, String sessionId, String requestId) {
            record("abandoned " + sessionId + " " + requestId);
        }

        @Override
        public void incomplete(String streamId, String sessionId, String requestId) {
            record("incomplete " + sessionId + " " + requestId);
        }

        @Override
        public Logged logged(String streamId, long sequence) {
            return new Logged(List.of(), 5); // events up to 5 dropped from the log
        }

        private void record(String call) {
            if (!answers) {
                throw McpException.overCapacity(ErrorCode.OVER_CAPACITY, "the data grid did not answer", Duration.ofSeconds(5), "grid");
            }
            calls.add(call);
        }
    };

    private final LiveSession session = new LiveSession("session-1", PausingStreamLog.of(grid, pause, late), s -> { }, () -> { });

    /** A follower reading through the wrapper learns how far the grid's log has spoken, past events it no longer holds. */
    @Test
    void howFarTheLogHasSpokenComesThroughThePausingLog() {
        assertEquals(new StreamLog.Logged(List.of(), 5), PausingStreamLog.of(grid, pause, late).logged("s1", 1));
    }

    /** Before, the wrapper had no incomplete of its own, so the interface's empty default ran and nothing was recorded. */
    @Test
    void aRunningStreamWhoseRecordTheGridDroppedRecordsItselfAgainThroughThePausingLog() {
        recordGoneAt = 2;
        EventStream stream = session.open(new FakeHttp.Connection().sink, "9");
        stream.send(message(1));
        stream.send(message(2));
        stream.send(message(3));
        assertEquals(List.of("opened 9", "appended 1", "appended 2", "incomplete session-1 9"), calls,
                "recorded again at once, running and incomplete: a resume elsewhere waits for the call's end");
        stream.finish();
        assertEquals("abandoned session-1 9", calls.get(calls.size() - 1));
    }

    /**
     * One stream's write the grid did not answer pauses every stream-log write of the node for 10 s: the ends of the
     * streams that finish meanwhile (every ordinary call) were dropped, and a resume on another node found a stream
     * running for its TTL, or no record at all and took it for a GET stream.
     */
    @Test
    void theEndsOfStreamsThatFinishDuringThePauseAreWrittenOnceTheGridAnswers() {
        answers = false;
        EventStream a = session.open(new FakeHttp.Connection().sink, "1"); // not answered: the pause begins
        answers = true;
        EventStream b = session.open(new FakeHttp.Connection().sink, "2"); // refused by the pause, the grid not asked
        a.send(message(1));
        b.send(message(1));
        a.finish();
        b.finish();
        assertEquals(List.of(), calls, "nothing reaches the grid during the pause");
        assertEquals(2, late.waiting());

        late.writeAll(pause);
        assertEquals(List.of(), calls, "still paused");
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        late.writeAll(pause);
        assertEquals(Set.of("abandoned session-1 1", "abandoned session-1 2"), Set.copyOf(calls),
                "each stream recorded, finished and incomplete, with its session and request");
        assertEquals(0, late.waiting());
    }

    @Test
    void aLateEndTheGridDoesNotAnswerWaitsForTheNextPassAndPausesTheRest() {
        answers = false;
        EventStream a = session.open(new FakeHttp.Connection().sink, "1");
        a.finish();
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        late.writeAll(pause); // the grid still does not answer: the pause begins again, the end keeps waiting
        assertEquals(1, late.waiting());
        assertTrue(pause.active());
        answers = true;
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        late.writeAll(pause);
        assertEquals(List.of("abandoned session-1 1"), calls);
    }

    @Test
    void atMostTenThousandEndsWaitTheNewestPerStreamKept() {
        for (int i = 0; i < LateStreamEnds.MAX + 5; i++) {
            late.keep("s" + i, () -> { });
        }
        assertEquals(LateStreamEnds.MAX, late.waiting());
        assertEquals(5, late.dropped());
        late.keep("s0", () -> calls.add("newest of s0")); // a stream already waiting: its newer end replaces the older
        assertEquals(LateStreamEnds.MAX, late.waiting());
        late.writeAll(pause);
        assertEquals(List.of("newest of s0"), calls);
        assertEquals(0, late.waiting());
    }

    private static jakarta.json.JsonObject message(int n) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", "notifications/message")
                .add("params", Json.createObjectBuilder().add("n", n)).build();
    }
}
