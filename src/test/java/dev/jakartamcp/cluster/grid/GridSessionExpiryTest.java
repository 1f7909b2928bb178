package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.session.SessionEnded;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session the grid expires (idle past {@code mcp.session.timeout}: its entry vanishes, nobody removes it) ends as one
 * that is removed does: one {@link SessionEnded} with its revision and lifetime in the whole cluster (the session
 * duration metric counts it once), every node told, and its caller's quota list no longer holds it. Two members on
 * 127.0.0.1 (TCP/IP, never multicast), a 2-second idle timeout, the grid's expiry sweep every second.
 */
class GridSessionExpiryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final McpSettings settings = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.session.timeout", "PT2S").get(key)));
    private final List<SessionEnded> endedOnA = new CopyOnWriteArrayList<>();
    private final List<SessionEnded> endedOnB = new CopyOnWriteArrayList<>();
    private final List<ClusterMessage> receivedByA = new CopyOnWriteArrayList<>();
    private final List<ClusterMessage> receivedByB = new CopyOnWriteArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void aSessionTheGridExpiresEndsOnceInTheCluster() throws Exception {
        String cluster = "mcp-test-" + UUID.randomUUID();
        int portA = Http.freePort();
        int portB = Http.freePort();
        HazelcastInstance memberA = member(cluster, portA, portB);
        HazelcastInstance memberB = member(cluster, portB, portA);
        JCacheGrid a = grid(memberA, receivedByA, endedOnA);
        CacheManager managerOfB = new HazelcastServerCachingProvider(memberB).getCacheManager();
        JCacheGrid b = new JCacheGrid(new GridContext(settings, receivedByB::add, endedOnB::add), managerOfB);
        try {
            Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
            McpSession deleted = b.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
            // at once, before its idle timeout can run out on a slow machine
            assertTrue(b.sessions().remove(deleted.id(), SessionEnd.DELETED), "ended by its client: counted by remove, not again by the grid");
            McpSession idle = a.sessions().create(ProtocolRevision.V2025_06_18, JsonObject.EMPTY_JSON_OBJECT, null, alice);

            JCacheGridTest.eventually(Duration.ofSeconds(20), () -> assertEquals(2, counted().size(), counted()::toString));
            Thread.sleep(3000); // more of the grid's sweeps, and the event reached both nodes long since
            List<SessionEnded> counted = counted();
            assertEquals(2, counted.size(), "each session's end counted once, on one node: " + counted);
            SessionEnded expired = counted.stream().filter(e -> e.sessionId().equals(idle.id())).findFirst().orElseThrow(() -> new AssertionError(counted));
            assertEquals(ProtocolRevision.V2025_06_18, expired.revision());
            assertEquals(SessionEnd.IDLE_TIMEOUT, expired.cause(), "the grid's expiry is the idle timeout");
            // from its creation to the moment its idle timeout ran out in the grid (never used: the timeout itself)
            assertTrue(expired.lifetime().compareTo(TIMEOUT.minusMillis(100)) >= 0
                    && expired.lifetime().compareTo(TIMEOUT.plusSeconds(2)) < 0, expired.lifetime().toString());
            assertEquals(List.of(SessionEnd.DELETED), counted.stream().filter(e -> e.sessionId().equals(deleted.id())).map(SessionEnded::cause).toList());

            JCacheGridTest.eventually(Duration.ofSeconds(5), () -> {
                assertTrue(receivedByA.contains(ClusterMessage.sessionEnded(idle.id())), "node A closes what it holds of it");
                assertTrue(receivedByB.contains(ClusterMessage.sessionEnded(idle.id())), "node B closes what it holds of it");
            });
            Cache<String, String> owners = managerOfB.getCache("mcp-session-owners", String.class, String.class);
            String list = owners.get(alice.quotaKey());
            assertFalse(list != null && list.contains(idle.id()), "the caller's quota list dropped it: " + list);
            assertTrue(a.sessions().find(idle.id()).isEmpty());

            // node A stops (its application undeployed, its member stays in the grid): node B alone counts the next one
            a.close();
            McpSession later = a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
            JCacheGridTest.eventually(Duration.ofSeconds(20), () -> assertTrue(endedOnB.stream().anyMatch(e -> e.sessionId().equals(later.id())
                    && e.revision() != null), endedOnB::toString));
            assertTrue(endedOnA.stream().noneMatch(e -> e.sessionId().equals(later.id())), endedOnA::toString);
        } finally {
            a.close();
            b.close();
        }
    }

    /**
     * A session past its max-age that a request comes across later lived until its max-age ran out, as the in-memory
     * store counts it: mcp.server.session.duration recorded it until the request came.
     */
    @Test
    void aSessionPastItsMaxAgeLivedUntilItsMaxAgeNotUntilARequestFoundIt() throws Exception {
        List<SessionEnded> ended = new CopyOnWriteArrayList<>();
        JCacheGrid grid = agedGrid(ended);
        try {
            Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
            McpSession session = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
            Thread.sleep(2500);
            assertTrue(grid.sessions().find(session.id()).isEmpty(), "past its max-age");
            SessionEnded end = ended.stream().filter(e -> e.sessionId().equals(session.id()) && e.lifetime() != null).findFirst()
                    .orElseThrow(() -> new AssertionError(ended));
            assertEquals(SessionEnd.MAX_AGE, end.cause());
            assertTrue(end.lifetime().compareTo(Duration.ofMillis(1500)) < 0, "its max-age, not the 2.5 s until it was found: " + end.lifetime());
        } finally {
            grid.close();
        }
    }

    /**
     * An operator's DELETE of a session past its max-age that nobody read since: there is no such session (404), and it
     * ends as expired, as on one server; it answered {"ended":1} and counted an end by the operator past the max-age.
     */
    @Test
    void removingASessionPastItsMaxAgeFindsNoneAndEndsItAsExpired() throws Exception {
        List<SessionEnded> ended = new CopyOnWriteArrayList<>();
        JCacheGrid grid = agedGrid(ended);
        try {
            McpSession session = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null,
                    new Caller("https://issuer", "alice", Set.of(), Map.of(), null, ""));
            Thread.sleep(1500);
            assertFalse(grid.sessions().remove(session.id(), SessionEnd.OPERATOR), "no such session any more");
            SessionEnded end = ended.stream().filter(e -> e.sessionId().equals(session.id()) && e.lifetime() != null).findFirst()
                    .orElseThrow(() -> new AssertionError(ended));
            assertEquals(SessionEnd.MAX_AGE, end.cause());
        } finally {
            grid.close();
        }
    }

    /**
     * The end of a session the grid expires calls the grid (its claim, the caller's list of sessions): it runs on the
     * node's thread for grid events, not on the grid's event thread that told of the expiry, which also delivers every
     * cluster message and would hold them up while a frozen member keeps those calls waiting.
     */
    @Test
    void anExpiredSessionIsEndedOnTheThreadForGridEventsNotOnTheGridsEventThread() throws Exception {
        HazelcastInstance member = member("mcp-test-" + UUID.randomUUID(), Http.freePort(), Http.freePort());
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService events = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "events-test"));
        List<SessionEnded> ended = new CopyOnWriteArrayList<>();
        JCacheGrid grid = new JCacheGrid(new GridContext(settings, message -> { }, end -> {
            ranOn.add(Thread.currentThread());
            ended.add(end);
        }, Runnable::run, events), new HazelcastServerCachingProvider(member).getCacheManager());
        try {
            Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "");
            McpSession idle = grid.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, alice);
            JCacheGridTest.eventually(Duration.ofSeconds(20), () -> assertTrue(ended.stream().anyMatch(e -> e.sessionId().equals(idle.id())
                    && e.lifetime() != null), ended::toString));
            assertTrue(ranOn.stream().allMatch(t -> t.getName().equals("events-test")), ranOn::toString);
        } finally {
            grid.close();
            events.shutdownNow();
        }
    }

    /** A grid of one new member whose sessions live a second at most (idle 30 s), its session ends into {@code ended}. */
    private JCacheGrid agedGrid(List<SessionEnded> ended) {
        HazelcastInstance member = member("mcp-test-" + UUID.randomUUID(), Http.freePort(), Http.freePort());
        McpSettings aged = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.session.timeout", "PT30S",
                "mcp.session.max-age", "PT1S").get(key)));
        return new JCacheGrid(new GridContext(aged, message -> { }, ended::add), new HazelcastServerCachingProvider(member).getCacheManager());
    }

    /** The full ends (with revision and lifetime: what the metric records) both nodes announced. */
    private List<SessionEnded> counted() {
        List<SessionEnded> all = new ArrayList<>(endedOnA);
        all.addAll(endedOnB);
        return all.stream().filter(e -> e.revision() != null && e.lifetime() != null).toList();
    }

    private HazelcastInstance member(String cluster, int port, int other) {
        Config config = JCacheGridTest.memberConfig(cluster, port, other)
                .setProperty("hazelcast.internal.cache.expiration.task.period.seconds", "1");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    private JCacheGrid grid(HazelcastInstance member, List<ClusterMessage> received, List<SessionEnded> ended) {
        return new JCacheGrid(new GridContext(settings, received::add, ended::add),
                new HazelcastServerCachingProvider(member).getCacheManager());
    }
}
