package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the cluster on, a session's idle timeout is the grid cache's expiry, fixed by the node that made the cache: a
 * node whose {@code mcp.session.timeout} says more (changed since, or set differently) still writes a session in use
 * often enough that the grid does not drop it (one member on 127.0.0.1).
 */
class GridSessionTimeoutTest {
    private final Map<String, String> config = new ConcurrentHashMap<>(Map.of("mcp.session.timeout", "PT2S"));
    private HazelcastInstance member;

    @AfterEach
    void stop() {
        if (member != null) {
            member.shutdown();
        }
    }

    /** The grid of one member on 127.0.0.1, made with this test's settings as they are now. */
    private JCacheGrid grid() {
        int port = Http.freePort();
        member = Hazelcast.newHazelcastInstance(JCacheGridTest.memberConfig("mcp-test-" + UUID.randomUUID(), port, port));
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
        return new JCacheGrid(new GridContext(settings, message -> { }, ended -> { }),
                new HazelcastServerCachingProvider(member).getCacheManager());
    }

    @Test
    void aSessionInUseOutlivesTheGridsExpiryWhenTheSettingWasRaised() throws Exception {
        JCacheGrid grid = grid();
        config.put("mcp.session.timeout", "PT30S"); // raised after the grid's cache was made with 2 s

        McpSession session = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                new Caller("https://issuer", "alice", Set.of(), Map.of(), null, ""));
        long until = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < until) {
            assertTrue(grid.sessions().find(session.id()).isPresent(), "the session in use is still there");
            Thread.sleep(300);
        }
    }

    /** A timeout of a second: a session used every 0.6 s stays (its use was written at most once a second, too late). */
    @Test
    void aSessionInUseOutlivesAnIdleTimeoutOfASecond() throws Exception {
        config.put("mcp.session.timeout", "PT1S");
        JCacheGrid grid = grid();
        McpSession session = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                new Caller("https://issuer", "alice", Set.of(), Map.of(), null, ""));
        long until = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < until) {
            Thread.sleep(600);
            assertTrue(grid.sessions().find(session.id()).isPresent(), "the session in use is still there");
        }
    }

    /**
     * A full cluster: a caller at its own limit gets a new session in place of its least recently used one, as on one
     * server (it got 503 for 30 s); any other caller is refused.
     */
    @Test
    void aCallerAtItsOwnLimitMakesRoomOnAFullCluster() throws Exception {
        config.put("mcp.session.max", "2");
        config.put("mcp.session.max-per-caller", "2");
        JCacheGrid grid = grid();
        Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
        McpSession first = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
        McpSession second = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
        JCacheGridTest.eventually(java.time.Duration.ofSeconds(10), () -> assertEquals(2, grid.sessions().size(),
                "the grid's count, taken at most once a second"));
        dev.jakartamcp.protocol.McpException full = org.junit.jupiter.api.Assertions.assertThrows(dev.jakartamcp.protocol.McpException.class,
                () -> grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                        new Caller("https://issuer", "bob", Set.of(), Map.of(), null, "")));
        assertTrue(full.getMessage().contains("mcp.session.max"), full.getMessage());
        McpSession third = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
        assertTrue(grid.sessions().peek(first.id()).isEmpty(), "alice's least recently used session made room");
        assertTrue(grid.sessions().peek(second.id()).isPresent() && grid.sessions().peek(third.id()).isPresent());
    }

    /** A request naming another caller's session must not keep it alive on the grid either: it is not written. */
    @Test
    void anotherCallersLookupsDoNotKeepASessionAlive() throws Exception {
        JCacheGrid grid = grid();
        Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
        Caller mallory = new Caller("https://issuer", "mallory", Set.of(), Map.of(), null, "");
        McpSession session = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
        long until = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < until) {
            assertTrue(grid.sessions().find(session.id(), mallory.bindingKey()).isEmpty(), "alice's session is unknown to mallory");
            Thread.sleep(300);
        }
        assertTrue(grid.sessions().find(session.id(), alice.bindingKey()).isEmpty(), "idle for 4 s of its 2: ended");
    }
}
