package dev.jakartamcp.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream another node writes, followed here through the cluster's log: its node logs the last event and then the
 * end, and when both happen between this node's read of the events and its look at whether the stream finished,
 * the last event — a request's response — still reaches the client before the stream ends.
 */
class StreamFollowerTest {

    @Test
    void theLastEventLoggedJustBeforeTheEndIsNotLost() {
        List<StreamLog.Entry> logged = new ArrayList<>(List.of(new StreamLog.Entry(2, "{\"n\":2}")));
        boolean[] finished = {false};
        StreamLog log = readOnly(() -> new StreamLog.Shared("session-1", "7", finished[0], true), sequence -> {
            List<StreamLog.Entry> read = logged.stream().filter(e -> e.sequence() > sequence).toList();
            if (!finished[0]) {
                // the other node, right after this read: the response, then the end
                logged.add(new StreamLog.Entry(3, "{\"result\":{}}"));
                finished[0] = true;
            }
            return read;
        });
        FakeHttp.Connection connection = followedFromEvent1(log);
        String sent = connection.response.text();
        assertTrue(sent.contains("id: s1_2"), sent);
        assertTrue(sent.contains("id: s1_3") && sent.contains("{\"result\":{}}"), "the response reached the client: " + sent);
        assertFalse(connection.sink.isOpen(), "and then the stream ended");
    }

    @Test
    void aRequestsStreamWhoseNodeCouldNotLogItWholeEndsWithAnErrorNotSilently() {
        StreamLog log = readOnly(() -> new StreamLog.Shared("session-1", "7", true, true, false),
                sequence -> sequence < 2 ? List.of(new StreamLog.Entry(2, "{\"n\":2}")) : List.of());
        FakeHttp.Connection connection = followedFromEvent1(log);
        String sent = connection.response.text();
        assertTrue(sent.contains("id: s1_2"), sent);
        assertTrue(sent.contains("id: s1_3") && sent.contains("\"id\":7") && sent.contains("send the request again"), sent);
        assertFalse(connection.sink.isOpen());
    }

    /**
     * A client that only listens, through a stream another node serves, keeps its session alive: its session is looked up
     * every quarter of the idle timeout while the stream goes on, busy or not (only when it was quiet for the
     * keep-alive interval before, which may be longer than the idle timeout).
     */
    @Test
    void aFollowedStreamAsksForItsSessionAsOftenAsAskedBusyOrNot() throws InterruptedException {
        StreamLog log = readOnly(() -> new StreamLog.Shared("session-1", null, false, true, true), sequence -> List.of());
        StreamTimers timers = new StreamTimers();
        timers.settings = FakeHttp.settings(Map.of("mcp.sse.keep-alive", "PT1M"));
        timers.start();
        try {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            FakeHttp.Connection connection = new FakeHttp.Connection();
            StreamFollower.follow(log, timers, "s1", 1, connection.sink, () -> asked.incrementAndGet() > 0,
                    java.time.Duration.ofMillis(200), true);
            Thread.sleep(1_500);
            assertTrue(asked.get() >= 3, "asked " + asked.get() + " times in 1.5 s");
            assertTrue(connection.sink.isOpen());
        } finally {
            timers.stop();
        }
    }

    /**
     * The grid does not answer the follower's first poll, after the 200 went out: the stream goes on (the grid asked
     * again once its pause is over) and brings the events once it answers, instead of ending empty at once.
     */
    @Test
    void aFirstPollTheGridDoesNotAnswerLeavesTheStreamOpenAndItsEventsCome() throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean answers = new java.util.concurrent.atomic.AtomicBoolean();
        StreamLog log = readOnly(() -> {
            if (!answers.get()) {
                throw dev.jakartamcp.protocol.McpException.overCapacity(dev.jakartamcp.protocol.ErrorCode.OVER_CAPACITY,
                        "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
            }
            return new StreamLog.Shared("session-1", null, false, true, true);
        }, sequence -> {
            if (!answers.get()) {
                throw dev.jakartamcp.protocol.McpException.overCapacity(dev.jakartamcp.protocol.ErrorCode.OVER_CAPACITY,
                        "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
            }
            return sequence < 2 ? List.of(new StreamLog.Entry(2, "{\"n\":2}")) : List.of();
        });
        StreamTimers timers = new StreamTimers();
        timers.settings = FakeHttp.settings(Map.of());
        timers.start();
        try {
            FakeHttp.Connection connection = new FakeHttp.Connection();
            StreamFollower.follow(log, timers, "s1", 1, connection.sink, () -> true);
            assertTrue(connection.sink.isOpen(), "not ended empty");
            assertTrue(timers.gridPaused(), "the timers leave the grid alone for a moment, as after a later poll");
            answers.set(true);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!connection.response.text().contains("id: s1_2") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(connection.response.text().contains("id: s1_2"), connection.response.text());
        } finally {
            timers.stop();
        }
    }

    /**
     * The log has spoken up to event 3 and holds only event 2 (3 was dropped): the follower does not ask for 3 again at
     * its next read, as it did at every poll, each missing event a grid read each time.
     */
    @Test
    void eventsTheLogNoLongerHoldsAreNotAskedForAgain() {
        List<Long> askedAfter = new ArrayList<>();
        StreamLog log = new QuietStreamLog() {
            @Override
            public Optional<Shared> find(String streamId) {
                return Optional.of(new StreamLog.Shared("session-1", null, true, true));
            }

            @Override
            public List<Entry> after(String streamId, long sequence) {
                return logged(streamId, sequence).entries();
            }

            @Override
            public Logged logged(String streamId, long sequence) {
                askedAfter.add(sequence);
                return new Logged(sequence < 2 ? List.of(new StreamLog.Entry(2, "{\"n\":2}")) : List.of(), 3);
            }
        };
        FakeHttp.Connection connection = followedFromEvent1(log);
        assertEquals(List.of(1L, 3L), askedAfter, "read again after the ended stream's last event, from 3");
        String sent = connection.response.text();
        assertTrue(sent.contains("id: s1_2") && sent.contains("id: s1_3\nretry:"), "a GET stream resumes after 3: " + sent);
    }

    /** Follows stream {@code s1} of {@code log} from its event 1 on a new connection (the first poll runs at once). */
    private static FakeHttp.Connection followedFromEvent1(StreamLog log) {
        StreamTimers timers = new StreamTimers();
        timers.settings = FakeHttp.settings(Map.of());
        FakeHttp.Connection connection = new FakeHttp.Connection();
        StreamFollower.follow(log, timers, "s1", 1, connection.sink, () -> true);
        return connection;
    }

    /** The log of a stream another node writes, as this node reads it: what {@code find} and {@code after} answer. */
    private static StreamLog readOnly(java.util.function.Supplier<StreamLog.Shared> find,
                                      java.util.function.LongFunction<List<StreamLog.Entry>> after) {
        return new QuietStreamLog() {
            @Override
            public Optional<Shared> find(String streamId) {
                return Optional.of(find.get());
            }

            @Override
            public List<Entry> after(String streamId, long sequence) {
                return after.apply(sequence);
            }
        };
    }
}
