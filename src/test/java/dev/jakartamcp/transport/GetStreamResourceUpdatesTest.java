package dev.jakartamcp.transport;

import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.protocol.ResourceWatch;
import dev.jakartamcp.session.InMemoryStores;
import dev.jakartamcp.session.McpSession;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2025 session's {@code resources/subscribe}: an update reaches the session's GET stream only while the caller who
 * opened that stream may still read the resource, decided when the update is delivered, as for a
 * {@code subscriptions/listen} stream.
 */
class GetStreamResourceUpdatesTest {
    private static final String UPDATED = "notifications/resources/updated";

    private final Set<String> watchable = ConcurrentHashMap.newKeySet();
    private final List<Caller> asked = new CopyOnWriteArrayList<>();
    private final LiveSessions lives = new LiveSessions();
    private final NotificationRouter router = new NotificationRouter();

    GetStreamResourceUpdatesTest() {
        lives.log = StreamLog.NONE;
        lives.timers = new StreamTimers();
        lives.timers.settings = FakeHttp.settings(Map.of());
        router.lives = lives;
        router.timers = lives.timers;
        router.sessions = InMemoryStores.create(FakeHttp.settings(Map.of()));
        router.subscriptions = new Subscriptions();
        router.subscriptions.resourceWatch = TestBeans.just((ResourceWatch) (caller, uri) -> {
            asked.add(caller);
            return watchable.contains(uri);
        });
    }

    @Test
    void anUpdateReachesTheGetStreamOnlyWhileItsCallerMayStillReadTheResource() {
        Caller carol = new Caller("https://issuer", "carol", Set.of("rooms:read"), Map.of(), null, "127.0.0.1");
        McpSession session = router.sessions.create(ProtocolRevision.V2025_11_25, JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT, carol);
        session.subscribe("x://room", 10);
        FakeHttp.Connection get = new FakeHttp.Connection();
        LiveSession live = lives.of(session.id());
        live.standalone(live.open(get.sink, null), carol);

        watchable.add("x://room");
        router.fanOut(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(1, count(get, UPDATED), get.response.text());
        assertEquals(List.of(carol), asked, "decided for the caller who opened the stream");

        watchable.remove("x://room"); // the operator switched the resource off, or took the caller's role from it
        router.fanOut(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(1, count(get, UPDATED), "an update of a resource the caller may no longer read: " + get.response.text());

        watchable.add("x://room"); // and gave it back
        router.fanOut(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(2, count(get, UPDATED), get.response.text());
    }

    /**
     * With the cluster on, reading a session's subscriptions is a grid read: once one is not answered, the fan-out
     * leaves the grid alone for the next seconds (with the stream timers), so that a burst of updates during a freeze
     * does not wait out the bound once per notice and hold up the threads that change the registry.
     */
    @Test
    void afterAGridReadIsNotAnsweredTheNextUpdatesDoNotAskTheGrid() {
        Caller carol = new Caller("https://issuer", "carol", Set.of("rooms:read"), Map.of(), null, "127.0.0.1");
        dev.jakartamcp.session.SessionStore store = router.sessions;
        McpSession session = store.create(ProtocolRevision.V2025_11_25, JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT, carol);
        session.subscribe("x://room", 10);
        List<String> peeked = new CopyOnWriteArrayList<>();
        router.sessions = (dev.jakartamcp.session.SessionStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{dev.jakartamcp.session.SessionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("peek")) {
                        peeked.add((String) args[0]);
                        throw dev.jakartamcp.protocol.McpException.overCapacity(-31503, "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
                    }
                    return method.invoke(store, args);
                });
        FakeHttp.Connection get = new FakeHttp.Connection();
        LiveSession live = lives.of(session.id());
        live.standalone(live.open(get.sink, null), carol);
        watchable.add("x://room");

        router.fanOut(ChangeNotice.resourceUpdated("x://room"));
        assertEquals(List.of(session.id()), peeked, "asked once");
        for (int i = 0; i < 100; i++) {
            router.fanOut(ChangeNotice.resourceUpdated("x://room"));
        }
        assertEquals(1, peeked.size(), "the next updates leave the grid alone");
        assertTrue(lives.timers.gridPaused(), "and so do the stream timers");
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        assertEquals(1, count(get, "notifications/tools/list_changed"), "a list change needs no grid and still goes out");
    }

    /**
     * With the cluster on, each GET stream writes what it sends to the grid's stream log: once one write is not
     * answered, the other streams write none for a while, rather than each waiting out the bound in turn (a notice to
     * 200 streams waited 200 times 5 s, and every notice behind it). Their clients still get the notice. Only a write
     * starts that pause: a grid read of the timers that was not answered (paused below) leaves the writes as they were.
     */
    @Test
    void afterAStreamLogWriteIsNotAnsweredTheOtherStreamsDoNotWaitForTheGrid() {
        List<String> written = new CopyOnWriteArrayList<>();
        lives.log = new QuietStreamLog() {
            @Override
            public void appended(String streamId, long sequence, String data) {
                written.add(streamId);
                throw dev.jakartamcp.protocol.McpException.overCapacity(-31503, "the data grid did not answer", java.time.Duration.ofSeconds(5), "grid");
            }
        };
        List<FakeHttp.Connection> streams = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Caller caller = new Caller("https://issuer", "user" + i, Set.of(), Map.of(), null, "127.0.0.1");
            McpSession session = router.sessions.create(ProtocolRevision.V2025_11_25, JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT, caller);
            FakeHttp.Connection get = new FakeHttp.Connection();
            LiveSession live = lives.of(session.id());
            live.standalone(live.open(get.sink, null), caller);
            streams.add(get);
        }
        lives.timers.gridDidNotAnswer(); // a keep-alive's or follower's read timed out a moment ago
        router.fanOut(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS));
        assertEquals(1, written.size(), "the first stream still wrote, and only it: the grid was left alone after: " + written);
        for (FakeHttp.Connection get : streams) {
            assertEquals(1, count(get, "notifications/tools/list_changed"), "every client got the notice");
        }
    }

    private static int count(FakeHttp.Connection connection, String method) {
        return connection.response.text().split(method, -1).length - 1;
    }
}
