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
}
