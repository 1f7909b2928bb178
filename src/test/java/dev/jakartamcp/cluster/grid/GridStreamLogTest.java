package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.transport.StreamLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's stream keeps its record in the grid while its call may run ({@code mcp.execution.timeout} more than
 * {@code mcp.cluster.stream-log-ttl}), and the TTL once it finished: a call quiet for longer than the TTL lost its
 * record, and with it every later event, its resumption and its followers on other nodes. A GET stream's record keeps
 * the TTL (a GET stream is never finished: its session ends).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridStreamLogTest {
    private HazelcastInstance member;
    private JCacheGrid grid;

    @BeforeAll
    void oneMember() {
        member = JCacheGridTest.loneMember("mcp-stream-log-");
        Map<String, String> config = Map.of("mcp.cluster.stream-log-ttl", "PT2S", "mcp.execution.timeout", "PT1H");
        grid = new JCacheGrid(new GridContext(new McpSettings(key -> Optional.ofNullable(config.get(key))), message -> { }, ended -> { }),
                new HazelcastServerCachingProvider(member).getCacheManager());
    }

    @AfterAll
    void stop() {
        grid.close();
        member.shutdown();
    }

    @Test
    void aStreamQuietForLongerThanTheTtlStaysFindableUntilItFinishes() throws InterruptedException {
        StreamLog log = grid.streamLog();
        log.opened("quiet", "session-1", "7");
        Thread.sleep(3_000); // past the TTL, nothing sent
        assertTrue(log.find("quiet").isPresent(), "the record of a stream still open");
        log.appended("quiet", 1, "{\"answer\":42}");
        assertEquals(List.of(new StreamLog.Entry(1, "{\"answer\":42}")), log.after("quiet", 0));
        Thread.sleep(3_000); // quiet again after an event
        assertTrue(log.find("quiet").isPresent(), "still open after its event");

        log.finished("quiet", "session-1", "7");
        assertTrue(log.find("quiet").orElseThrow().finished());
        JCacheGridTest.eventually(java.time.Duration.ofSeconds(10), () -> assertFalse(log.find("quiet").isPresent(),
                "a finished stream's record goes the TTL after"));
    }

    /**
     * A request's stream whose opening the grid did not take is recorded at its end, finished and incomplete: a resume
     * on another node finds it (and tells the client to send the request again) instead of taking it for a GET stream.
     */
    @Test
    void aStreamAbandonedWithoutARecordIsRecordedFinishedAndIncomplete() {
        StreamLog log = grid.streamLog();
        log.abandoned("unopened", "session-5", "11");
        StreamLog.Shared shared = log.find("unopened").orElseThrow();
        assertEquals("session-5", shared.sessionId());
        assertEquals("11", shared.requestId());
        assertTrue(shared.finished());
        assertFalse(shared.complete());
        log.abandoned("nobodys", null, null);
        assertFalse(log.find("nobodys").isPresent(), "nothing to record a stream under");
    }

    @Test
    void aGetStreamsRecordKeepsTheTtl() throws InterruptedException {
        StreamLog log = grid.streamLog();
        log.opened("get", "session-2", null);
        assertTrue(log.find("get").isPresent());
        JCacheGridTest.eventually(java.time.Duration.ofSeconds(10), () -> assertFalse(log.find("get").isPresent(),
                "the record of a GET stream, which is never finished, goes the TTL after its last write"));
        // a write to a record the grid no longer holds says so (the writer records it again, incomplete), instead of
        // leaving no record, which a resume on another node takes for a GET stream of its own
        org.junit.jupiter.api.Assertions.assertThrows(StreamLog.RecordGone.class, () -> log.appended("get", 1, "{}"));
        log.abandoned("get", "session-2", null);
        StreamLog.Shared again = log.find("get").orElseThrow();
        assertTrue(again.finished() && !again.complete(), again.toString());
        // a stream's end finding its record gone writes it again, finished and incomplete (its events went with it)
        log.finished("gone", "session-2", "8");
        StreamLog.Shared ended = log.find("gone").orElseThrow();
        assertTrue(ended.finished() && !ended.complete() && "8".equals(ended.requestId()), ended.toString());
        // a request's stream still running is recorded again as running, incomplete: a resume elsewhere waits for its end
        log.incomplete("call", "session-2", "7");
        StreamLog.Shared running = log.find("call").orElseThrow();
        assertTrue(!running.finished() && !running.complete() && "7".equals(running.requestId()), running.toString());
    }

    /**
     * An answer too large for the grid is left out of it: the record says so, and a resume on another node ends the
     * request's stream with "send the request again" instead of ending it as if the answer had been sent.
     */
    @Test
    void anEventTooLargeToKeepLeavesTheLogIncomplete() {
        StreamLog log = grid.streamLog();
        log.opened("large", "session-3", "9");
        log.appended("large", 1, "{\"progress\":1}");
        assertTrue(log.find("large").orElseThrow().complete());
        log.appended("large", 2, "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"text\":\"" + "x".repeat(GridStreamLog.MAX_EVENT_CHARS) + "\"}}");
        log.finished("large", "session-3", "9");
        StreamLog.Shared shared = log.find("large").orElseThrow();
        assertTrue(shared.finished());
        assertFalse(shared.complete(), "the answer is not in the log");
        assertEquals(List.of(new StreamLog.Entry(1, "{\"progress\":1}")), log.after("large", 0));
    }

    /**
     * A notice or a question too large for the grid is left out, and the answer after it is logged: the log stays
     * complete, so that a follower sends that answer alone, not a second answer ("send the request again") after it.
     */
    @Test
    void aNoticeTooLargeToKeepLeavesTheLogComplete() {
        StreamLog log = grid.streamLog();
        log.opened("notice", "session-4", "10");
        log.appended("notice", 1, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\""
                + "x".repeat(GridStreamLog.MAX_EVENT_CHARS) + "\"}}");
        log.appended("notice", 2, "{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{}}");
        log.finished("notice", "session-4", "10");
        assertTrue(log.find("notice").orElseThrow().complete());
        assertEquals(List.of(new StreamLog.Entry(2, "{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{}}")), log.after("notice", 0));
    }

    /**
     * The log says up to which event it has spoken, also past events it does not hold (here one too large to keep): a
     * follower moves past them instead of reading them again at every poll, where they never come.
     */
    @Test
    void theLogSaysHowFarItHasSpokenPastEventsItDoesNotHold() {
        StreamLog log = grid.streamLog();
        log.opened("spoken", "session-6", "12");
        log.appended("spoken", 1, "{\"progress\":1}");
        log.appended("spoken", 2, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\""
                + "x".repeat(GridStreamLog.MAX_EVENT_CHARS) + "\"}}");
        assertEquals(new StreamLog.Logged(List.of(new StreamLog.Entry(1, "{\"progress\":1}")), 2), log.logged("spoken", 0));
        assertEquals(new StreamLog.Logged(List.of(), 2), log.logged("spoken", 1));
        assertEquals(new StreamLog.Logged(List.of(), 0), log.logged("unknown", 0), "no record: nothing spoken of");
    }

    @Test
    void aResponseIsToldFromOtherMessagesByItsTopLevelNames() {
        assertTrue(GridStreamLog.isResponse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"method\":\"x\"}}"));
        assertTrue(GridStreamLog.isResponse("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"m\"}}"));
        assertFalse(GridStreamLog.isResponse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"result\":1}}"));
        assertFalse(GridStreamLog.isResponse("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"sampling/createMessage\",\"params\":{}}"));
    }
}
