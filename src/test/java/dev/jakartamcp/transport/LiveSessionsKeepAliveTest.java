package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.Exchange;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.InMemorySessionStore;
import dev.jakartamcp.session.InMemoryStores;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session is idle only when nothing of it runs: a call longer than {@code mcp.session.timeout} keeps its session
 * (before, any other request's sweep ended it as idle and cancelled the call). On the clock, with a one-second timeout
 * in the store and eight seconds in this node's setting: the store's is the one that ends sessions.
 */
class LiveSessionsKeepAliveTest {
    private final McpSettings settings = FakeHttp.settings(Map.of("mcp.session.timeout", "PT1S"));
    private final InMemorySessionStore sessions = InMemoryStores.create(settings);
    private final LiveSessions lives = new LiveSessions();

    LiveSessionsKeepAliveTest() {
        lives.sessions = sessions;
        lives.timers = new StreamTimers();
        // this node's own setting says more: the store's timeout counts (on a cluster, the grid's, set by the first node)
        lives.timers.settings = FakeHttp.settings(Map.of("mcp.session.timeout", "PT8S"));
    }

    @Test
    void aSessionWithARequestRunningIsNotEndedAsIdleAndIsOnceItEnded() throws InterruptedException {
        String id = sessions.create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "")).id();
        LiveSession live = lives.of(id);
        Exchange call = Exchange.builder(ProtocolRevision.V2025_11_25, "tools/call").build();
        live.started("1", call);
        for (int i = 0; i < 10; i++) { // 2 s, twice the timeout, the timers' task every 200 ms
            Thread.sleep(200);
            lives.keepBusyAlive();
        }
        assertTrue(sessions.peek(id).isPresent(), "the call runs: its session is not idle");

        live.ended(call);
        for (int i = 0; i < 7; i++) {
            Thread.sleep(200);
            lives.keepBusyAlive();
        }
        assertFalse(sessions.peek(id).isPresent(), "nothing runs any more: idle for longer than the timeout, it ended");
    }

    /**
     * A client that only listens on its GET stream keeps its session, whatever the stream's keep-alive interval (15 s by
     * default, against an idle timeout that may be shorter); once the stream's connection is gone it is idle.
     */
    @Test
    void aSessionWithAConnectedGetStreamIsNotEndedAsIdle() throws InterruptedException {
        String id = sessions.create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "")).id();
        LiveSession live = lives.of(id);
        FakeHttp.Connection get = new FakeHttp.Connection();
        EventStream stream = live.open(get.sink, null);
        live.standalone(stream, Caller.ANONYMOUS);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(200);
            lives.keepBusyAlive();
        }
        assertTrue(sessions.peek(id).isPresent(), "its client listens: the session is not idle");

        get.sink.markGone();
        for (int i = 0; i < 7; i++) {
            Thread.sleep(200);
            lives.keepBusyAlive();
        }
        assertFalse(sessions.peek(id).isPresent(), "nobody listens any more: idle for longer than the timeout, it ended");
    }
}
