package dev.jakartamcp.transport;

import dev.jakartamcp.api.AuditRecord.Outcome;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenStreamsTest {
    private static final Caller ALICE = caller("alice");
    private static final Caller BOB = caller("bob");
    private static final Caller CAROL = caller("carol");
    /** The refusals recorded: caller subject, method, outcome, reason. */
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    /** The traceparent each refusal was recorded with. */
    private final List<String> refusalTraces = new CopyOnWriteArrayList<>();
    private final Map<String, String> config = new java.util.concurrent.ConcurrentHashMap<>();
    private final OpenStreams streams = streams();

    @Test
    void bothRefusalsAreRecordedAndCountedAndAReleasedPlaceIsTakenAgain() {
        OpenStreams.Ticket alices = streams.admit(ALICE, "GET /mcp", null, null);

        McpException perCaller = assertThrows(McpException.class, () -> streams.admit(ALICE, "subscriptions/listen", null, null));
        assertEquals(ErrorCode.RATE_LIMITED, perCaller.code());
        streams.admit(BOB, "GET /mcp", null, null);
        McpException onServer = assertThrows(McpException.class, () -> streams.admit(CAROL, "subscriptions/listen", null, null));
        assertEquals(ErrorCode.OVER_CAPACITY, onServer.code());
        assertEquals(McpException.Reason.OVER_CAPACITY, onServer.reason());

        assertEquals(List.of("alice subscriptions/listen RATE_LIMITED streams", "carol subscriptions/listen UNAVAILABLE streams"), refusals);
        assertEquals(1, streams.refusedPerCaller());
        assertEquals(1, streams.refusedOnServer());
        assertEquals(2, streams.open(), "a refused stream holds no place");

        alices.release();
        alices.release();
        assertEquals(1, streams.open(), "a ticket gives its place back once");
        streams.admit(CAROL, "GET /mcp", null, null);
        assertEquals(2, streams.open());
    }

    @Test
    void aRefusalRecordedHereIsFoundUnderTheRequestsTrace() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        streams.admit(ALICE, "GET /mcp", null, null);
        assertThrows(McpException.class, () -> streams.admit(ALICE, "GET /mcp", null, traceparent));
        assertEquals(List.of("alice GET /mcp RATE_LIMITED streams"), refusals);
        assertEquals(List.of(traceparent), refusalTraces);
    }

    @Test
    void aRequestObservedOnItsOwnRecordsItsRefusalOnceThereWithTheReasonStreams() {
        streams.admit(ALICE, "GET /mcp", null, null);
        dev.jakartamcp.ops.Observation listen = dev.jakartamcp.ops.Observation.detached(
                dev.jakartamcp.protocol.Exchange.builder(dev.jakartamcp.protocol.ProtocolRevision.LATEST, "subscriptions/listen").build());
        McpException perCaller = assertThrows(McpException.class, () -> streams.admit(ALICE, "subscriptions/listen", listen, null));
        listen.failed(perCaller); // as Subscriptions tells it
        assertEquals(List.of(), refusals, "not a second record of its own");
        assertEquals("streams", listen.reason(), "counted as the streams limit, not as an item's rate limit");
        assertEquals(Outcome.RATE_LIMITED, listen.outcome());
        assertEquals(1, streams.refusedPerCaller());
    }

    @Test
    void aRevokedTokensStreamsEndWithinACheckAndOthersStayOpen() {
        List<Runnable> checks = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger handedOff = new java.util.concurrent.atomic.AtomicInteger();
        streams.timers = new StreamTimers() {
            @Override
            ScheduledFuture<?> every(String purpose, long millis, Runnable task) {
                checks.add(task); // run by hand below
                return null;
            }

            @Override
            void offTimer(Runnable task) {
                handedOff.incrementAndGet(); // audited and ended off the timer thread; here at once, to look at
                task.run();
            }
        };
        streams.timers.start(); // for the timers at each token's expiry, ten minutes away
        config.put("mcp.streams.max", "10");
        config.put("mcp.streams.max-per-caller", "10");
        List<String> ended = new CopyOnWriteArrayList<>();
        Caller aliceSecondToken = new Caller("https://issuer.example/", "alice", Set.of(), Map.of("jti", "token-2"),
                Instant.now().plusSeconds(600), "127.0.0.1");
        open(ALICE, "GET /mcp", () -> ended.add("alice GET"));
        open(aliceSecondToken, "subscriptions/listen", () -> ended.add("alice listen"));
        FakeHttp.Connection bobs = open(BOB, "GET /mcp", () -> ended.add("bob GET"));
        open(Caller.anonymous("127.0.0.1"), "GET /mcp", () -> ended.add("anonymous"));
        assertEquals(1, checks.size(), "one check for all streams, from the first on");

        checks.get(0).run();
        assertEquals(List.of(), ended, "nothing revoked");

        config.put("mcp.auth.revoked-token-ids", "token-2");
        checks.get(0).run();
        assertEquals(List.of("alice listen"), ended, "the revoked token's stream only");

        config.put("mcp.auth.revoked-subjects", "alice,bob");
        bobs.sink.complete(); // closed by its client before the check: nothing left to end
        checks.get(0).run();
        checks.get(0).run();
        assertEquals(List.of("alice listen", "alice GET"), ended, "each stream ended once");
        assertEquals(List.of("alice subscriptions/listen CANCELLED revoked", "alice GET /mcp CANCELLED revoked"), refusals);
        assertEquals(2, handedOff.get(), "each revoked stream's audit record and end are off the timer thread, which a full audit trail would stop");
        streams.timers.stop();
    }

    private FakeHttp.Connection open(Caller caller, String method, Runnable end) {
        FakeHttp.Connection connection = new FakeHttp.Connection();
        streams.open(caller, method, connection.sink, end, null, null);
        return connection;
    }

    private OpenStreams streams() {
        OpenStreams s = new OpenStreams();
        config.put("mcp.streams.max", "2");
        config.put("mcp.streams.max-per-caller", "1");
        s.settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        s.counts = new LocalStreamCounts();
        s.observations = new Observations() {
            @Override
            public void refused(Caller who, String what, Outcome outcome, String reason, String traceparent) {
                refusals.add(who.subject() + " " + what + " " + outcome + " " + reason);
                refusalTraces.add(String.valueOf(traceparent));
            }
        };
        return s;
    }

    private static Caller caller(String subject) {
        return new Caller("https://issuer.example/", subject, Set.of(), Map.of(), Instant.now().plusSeconds(600), "127.0.0.1");
    }
}
