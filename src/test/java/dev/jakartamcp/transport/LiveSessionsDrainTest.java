package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream opened or resumed just as the drain began: a GET stream ends at once (nothing would end it later), a call's
 * stream goes on until the call answers (it was ended too, and the answer, sent later, was lost to the client).
 */
class LiveSessionsDrainTest {
    private final LiveSessions lives = new LiveSessions();
    private final LiveSession live = new LiveSession("session-1", StreamLog.NONE, s -> { }, () -> { });

    @Test
    void onlyAGetStreamEndsWhenOpenedAfterTheDrainEndedTheStreams() {
        lives.endStreamsForShutdown(2_000);
        EventStream get = live.open(new FakeHttp.Connection().sink, null);
        live.standalone(get, Caller.ANONYMOUS);
        EventStream call = live.open(new FakeHttp.Connection().sink, "1");

        lives.endIfDrained(get);
        lives.endIfDrained(call);

        assertTrue(get.isFinished(), "the GET stream got its last event");
        assertFalse(call.isFinished(), "the call's stream waits for its answer");
    }

    /**
     * An older GET stream a client resumed while the newer one was connected only replays, yet holds a connection: the
     * stop gives it its last event too (only the session's GET stream got one, and the stop cut the other off).
     */
    @Test
    void aResumedOlderGetStreamGetsItsLastEventToo() {
        EventStream older = live.open(new FakeHttp.Connection().sink, null);
        live.standalone(older, Caller.ANONYMOUS);
        EventStream newer = live.open(new FakeHttp.Connection().sink, null);
        live.standalone(newer, Caller.ANONYMOUS);
        assertFalse(older.isConnected(), "replaced, the older one lost its connection");

        live.resumeStandalone(older, Caller.ANONYMOUS);
        older.resume(new FakeHttp.Connection().sink, 0);
        assertTrue(older.isConnected() && newer.isConnected(), "both connected, the newer one the session's");

        live.endStreamForShutdown(2_000); // as LiveSessions.endStreamsForShutdown does for each session
        assertTrue(newer.isFinished(), "the session's GET stream got its last event");
        assertTrue(older.isFinished(), "the resumed one too");
    }
}
