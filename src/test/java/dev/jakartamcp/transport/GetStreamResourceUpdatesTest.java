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

    private static int count(FakeHttp.Connection connection, String method) {
        return connection.response.text().split(method, -1).length - 1;
    }
}
