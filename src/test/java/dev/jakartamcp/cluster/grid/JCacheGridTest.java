package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.limits.RateLimit;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionEnd;
import dev.jakartamcp.tasks.TaskState;
import dev.jakartamcp.tasks.TaskStatus;
import dev.jakartamcp.tasks.TaskStore;
import dev.jakartamcp.transport.StreamLog;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grid-backed state on two real Hazelcast members in this JVM, joined over TCP/IP on 127.0.0.1 (never multicast):
 * what one node writes the other reads, limits count across both, and what a node that dies leaves behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JCacheGridTest {
    private final Map<String, String> config = new ConcurrentHashMap<>(Map.of("mcp.session.max-per-caller", "2"));
    private final McpSettings settings = new McpSettings(key -> Optional.ofNullable(config.get(key)));
    private final List<ClusterMessage> receivedByA = new CopyOnWriteArrayList<>();
    private final List<ClusterMessage> receivedByB = new CopyOnWriteArrayList<>();
    private HazelcastInstance memberA;
    private HazelcastInstance memberB;
    private JCacheGrid a;
    private JCacheGrid b;

    @BeforeAll
    void twoMembers() throws Exception {
        String cluster = "mcp-test-" + UUID.randomUUID();
        int portA = Http.freePort();
        int portB = Http.freePort();
        memberA = Hazelcast.newHazelcastInstance(memberConfig(cluster, portA, portB));
        memberB = Hazelcast.newHazelcastInstance(memberConfig(cluster, portB, portA));
        a = grid(memberA, receivedByA);
        b = grid(memberB, receivedByB);
    }

    @BeforeEach
    void defaults() {
        config.clear();
        config.put("mcp.session.max-per-caller", "2");
        receivedByA.clear();
        receivedByB.clear();
    }

    @AfterAll
    void stop() {
        for (HazelcastInstance member : new HazelcastInstance[]{memberA, memberB}) {
            if (member != null && member.getLifecycleService().isRunning()) {
                member.shutdown();
            }
        }
    }

    private JCacheGrid grid(HazelcastInstance member, List<ClusterMessage> received) {
        HazelcastServerCachingProvider provider = new HazelcastServerCachingProvider(member);
        return new JCacheGrid(new GridContext(settings, received::add, ended -> { }), provider.getCacheManager());
    }

    /** A member alone in a grid of its own, on a free loopback port. */
    static HazelcastInstance loneMember(String clusterPrefix) {
        int port = Http.freePort();
        return Hazelcast.newHazelcastInstance(memberConfig(clusterPrefix + UUID.randomUUID(), port, port));
    }

    static Config memberConfig(String cluster, int port, int other) {
        Config c = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.socket.bind.any", "false").setProperty("hazelcast.logging.type", "none");
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(false).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + other);
        return c;
    }

    private static Set<String> names(HazelcastInstance member) {
        return member.getDistributedObjects().stream().map(o -> o.getName()).collect(java.util.stream.Collectors.toSet());
    }

    private static Caller caller(String subject) {
        return new Caller("https://issuer", subject, Set.of(), Map.of(), null, "");
    }

    /**
     * What a node heard apart from session ends: a session an earlier test ended (a caller's pushed-out one) is
     * announced to every node, and on a busy machine that announcement may arrive while a later test listens.
     */
    private static List<ClusterMessage> heard(List<ClusterMessage> received) {
        return received.stream().filter(m -> m.type() != ClusterMessage.Type.SESSION_ENDED).toList();
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        eventually(Duration.ofSeconds(10), assertion);
    }

    /**
     * Runs {@code assertion} until it holds, for at most {@code within} (then its last failure). An exception counts as
     * a failure too: a read while the grid promotes a dead member's partitions may time out.
     */
    static void eventually(Duration within, Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Without Payara's cache manager (Payara Micro with --nohazelcast) and without the property that makes Hazelcast's
     * provider start a member, the grid is refused at once, naming both: the provider's default, a client, would wait
     * for a cluster for ever and the deployment would hang.
     */
    @Test
    void withoutPayarasCacheManagerOnlyAMemberIsStartedNeverAClientThatWaitsForEver() {
        JCacheGrid.Lookup none = () -> {
            throw new javax.naming.NameNotFoundException("payara/CacheManager");
        };
        for (String type : new String[] {null, "client"}) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> JCacheGrid.cacheManager(none, type, com.hazelcast.cache.HazelcastCachingProvider::new));
            assertTrue(e.getMessage().startsWith("no data grid: Payara's cache manager is not at payara/CacheManager"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(com.hazelcast.cache.HazelcastCachingProvider) would start a Hazelcast client, not a member"
                    + " (hazelcast.jcache.provider.type is " + (type == null ? "not set" : "'client'") + ")"), e.getMessage());
        }
        // a member's own provider (javax.cache.spi.CachingProvider), or the default one made a member, starts a member
        assertFalse(JCacheGrid.startsClient(new com.hazelcast.cache.HazelcastMemberCachingProvider(), null));
        assertFalse(JCacheGrid.startsClient(new com.hazelcast.cache.impl.HazelcastServerCachingProvider(), null));
        assertTrue(JCacheGrid.startsClient(new com.hazelcast.client.cache.HazelcastClientCachingProvider(), "member"));
    }

    @Test
    void aSessionMadeOnOneNodeIsUsedOnTheOtherAndEndsEverywhere() throws Exception {
        McpSession made = a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("alice"));
        McpSession onB = b.sessions().find(made.id()).orElseThrow();
        assertEquals(caller("alice").bindingKey(), onB.ownerKey());
        onB.markInitialized();
        assertTrue(onB.subscribe("test://x", 10));
        McpSession onA = a.sessions().find(made.id()).orElseThrow();
        assertTrue(onA.initialized());
        assertTrue(onA.isSubscribed("test://x"));
        eventually(() -> assertTrue(a.sessions().size() >= 1, "counted at most a second ago"));

        assertTrue(b.sessions().remove(made.id(), SessionEnd.DELETED));
        assertTrue(a.sessions().find(made.id()).isEmpty());
        eventually(() -> {
            assertTrue(receivedByA.contains(ClusterMessage.sessionEnded(made.id())));
            assertTrue(receivedByB.contains(ClusterMessage.sessionEnded(made.id())));
        });
    }

    @Test
    void everyNodeListsTheSessionsOfTheWholeClusterAndACallersOwn() {
        Caller carol = caller("carol-" + UUID.randomUUID());
        McpSession onA = a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, carol);
        McpSession onB = b.sessions().create(ProtocolRevision.V2025_06_18, JsonObject.EMPTY_JSON_OBJECT, null, carol);
        McpSession other = b.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("dave-" + UUID.randomUUID()));
        for (JCacheGrid node : List.of(a, b)) {
            Set<String> all = new java.util.HashSet<>();
            node.sessions().forEach(session -> all.add(session.id()));
            assertTrue(all.containsAll(Set.of(onA.id(), onB.id(), other.id())), all.toString());
            assertEquals(Set.of(onA.id(), onB.id()),
                    node.sessions().ownedBy(carol.quotaKey()).stream().map(McpSession::id).collect(java.util.stream.Collectors.toSet()));
        }
        assertTrue(a.sessions().remove(onB.id(), SessionEnd.OPERATOR));
        assertEquals(List.of(onA.id()), b.sessions().ownedBy(carol.quotaKey()).stream().map(McpSession::id).toList());
        assertEquals(List.of(), b.sessions().ownedBy(caller("nobody").quotaKey()));
    }

    @Test
    void sessionLimitsCountAcrossNodes() {
        McpSession first = a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("alice"));
        McpSession second = b.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("alice"));
        config.put("mcp.session.timeout", "PT10M");
        a.sessions().find(first.id());
        McpSession third = a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("alice"));
        assertTrue(b.sessions().find(second.id()).isEmpty() || b.sessions().find(first.id()).isEmpty(),
                "one of the caller's earlier sessions ended: it holds at most 2");
        assertTrue(b.sessions().find(third.id()).isPresent());

        config.put("mcp.session.max", String.valueOf(b.sessions().size()));
        McpException full = assertThrows(McpException.class, () ->
                b.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("bob")));
        assertEquals(McpException.Reason.OVER_CAPACITY, full.reason());
    }

    @Test
    void rateCountersAreShared() {
        RateCounter onA = a.rateCounter("requests");
        RateCounter onB = b.rateCounter("requests");
        RateLimit limit = RateLimit.perMinute(3);
        assertTrue(onA.acquire("alice", limit).isEmpty());
        assertTrue(onB.acquire("alice", limit).isEmpty());
        assertTrue(onA.acquire("alice", limit).isEmpty());
        assertTrue(onB.acquire("alice", limit).isPresent(), "the fourth request within a minute, whichever node it reaches");
        assertTrue(onB.acquire("bob", limit).isEmpty());
    }

    @Test
    void anEntryWrittenWithALifetimeOfItsOwnLivesThatLongWhateverTheCachesExpiry() throws Exception {
        GridCache onA = new Caches(new HazelcastServerCachingProvider(memberA).getCacheManager(), () -> Duration.ofSeconds(5))
                .get("mcp-test-lifetimes", Duration.ofSeconds(1));
        GridCache onB = new Caches(new HazelcastServerCachingProvider(memberB).getCacheManager(), () -> Duration.ofSeconds(5))
                .get("mcp-test-lifetimes", Duration.ofSeconds(1));
        Caches.update(onA, "plain", v -> "1");
        Caches.update(onA, "created", v -> "1", v -> Duration.ofDays(7));
        Caches.update(onA, "replaced", v -> "1");
        Caches.update(onB, "replaced", v -> "2", v -> Duration.ofDays(7));
        Caches.update(onA, "brief", v -> "1", v -> Duration.ofMillis(200));
        eventually(() -> {
            assertNull(onB.get("plain"), "gone after the cache's second");
            assertNull(onB.get("brief"));
        });
        Thread.sleep(300);
        assertEquals("1", onB.get("created"), "a week's entry outlives the cache's second");
        assertEquals("2", onA.get("replaced"));
    }

    @Test
    void theReadinessProbeReachesBothMembersFromEachNode() {
        assertEquals(new dev.jakartamcp.cluster.GridReach(2, 2), a.reach(java.time.Duration.ofSeconds(5)));
        assertEquals(new dev.jakartamcp.cluster.GridReach(2, 2), b.reach(java.time.Duration.ofSeconds(5)));
    }

    @Test
    void bothNodesShareOneSecret() {
        assertArrayEquals(a.secret("request-state-secret").orElseThrow(), b.secret("request-state-secret").orElseThrow());
        assertEquals(32, b.secret("request-state-secret").orElseThrow().length);
    }

    @Test
    void noticesReachEveryNode() throws Exception {
        a.publish(ClusterMessage.notice(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS)));
        eventually(() -> {
            assertEquals(List.of(ChangeNotice.listChanged(ChangeNotice.Kind.TOOLS)),
                    heard(receivedByB).stream().map(ClusterMessage::changeNotice).toList());
            assertEquals(1, heard(receivedByA).size(), "the sender hears it too, and only once");
        });
    }

    /**
     * A client's answer goes to the node that asked alone; to a node not in the cluster, nowhere. That neither went
     * out to everyone is known once a notice A publishes to everyone afterwards has arrived: one member's messages on a
     * topic reach each listener in the order it published them, so a copy on the shared topic would have come first.
     */
    @Test
    void aMessageSentToOneNodeReachesThatNodeOnly() throws Exception {
        JsonObject response = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "srv-1@" + b.localMember())
                .add("result", Json.createObjectBuilder()).build();
        ClusterMessage answer = ClusterMessage.answer("session-1", "\"srv-1@" + b.localMember() + "\"", response);
        ClusterMessage afterwards = ClusterMessage.notice(ChangeNotice.listChanged(ChangeNotice.Kind.PROMPTS));
        a.send(UUID.randomUUID().toString(), ClusterMessage.cancel("session-1", "7"));
        a.send(b.localMember(), answer);
        eventually(() -> assertEquals(List.of(answer), heard(receivedByB)));
        a.publish(afterwards);
        eventually(() -> assertEquals(List.of(afterwards), heard(receivedByA), "the sender does not hear it"));
        eventually(() -> assertEquals(List.of(answer, afterwards), heard(receivedByB), "one message, to B"));
    }

    /**
     * A node that rejoins its cluster after a split gets a new id from the grid (Hazelcast gives a merging member a
     * new UUID): it then listens on the topic of the new id, which its questions from then on name, and no longer on
     * the old one. The id is changed by hand here, as a split cannot be made between two members of one JVM; the node
     * follows it as soon as it asks for its own id, before it can name it anywhere. That the old topic's message did
     * not reach it is known once a probe listening on that topic on B's member has heard a later one: the grid hands a
     * topic's messages to all of a member's listeners on one thread, in order.
     */
    @Test
    void aNodeWhoseIdChangedHearsMessagesToItsNewId() throws Exception {
        String before = b.localMember();
        java.util.function.Supplier<String> own = b.ownId;
        String renamed = UUID.randomUUID().toString();
        List<String> probe = new CopyOnWriteArrayList<>();
        com.hazelcast.topic.ITopic<String> oldTopic = memberB.getTopic("mcp-cluster@" + before);
        UUID probing = oldTopic.addMessageListener(m -> probe.add(m.getMessageObject()));
        try {
            b.ownId = () -> renamed;
            assertEquals(renamed, b.localMember(), "the id it hands out from now on");
            ClusterMessage toNew = ClusterMessage.cancel("session-1", "new");
            ClusterMessage toOld = ClusterMessage.cancel("session-1", "old");
            ClusterMessage later = ClusterMessage.cancel("session-1", "later");
            memberA.<String>getTopic("mcp-cluster@" + before).publish(toOld.toJson());
            memberA.<String>getTopic("mcp-cluster@" + before).publish(later.toJson());
            memberA.<String>getTopic("mcp-cluster@" + renamed).publish(toNew.toJson());
            eventually(() -> assertEquals(List.of(toNew), heard(receivedByB)));
            eventually(() -> assertEquals(List.of(toOld.toJson(), later.toJson()), probe));
            assertEquals(List.of(toNew), heard(receivedByB), "only the topic of its id now");
        } finally {
            oldTopic.removeMessageListener(probing);
            b.ownId = own;
            b.localMember();
        }
        receivedByB.clear();
        ClusterMessage again = ClusterMessage.cancel("session-1", "again");
        a.send(before, again);
        eventually(() -> assertEquals(List.of(again), heard(receivedByB)));
    }

    /** Last: member A dies. */
    @Test
    void tasksCreatedAtOnceOnBothNodesStayWithinTheCallersLimit() throws Exception {
        Caller carol = caller("carol");
        int maxPerCaller = 3;
        int attempts = 24;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(attempts);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        List<String> created = new CopyOnWriteArrayList<>();
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                JCacheGrid node = i % 2 == 0 ? a : b;
                runs.add(threads.submit(() -> {
                    TaskState task = TaskState.start("task-" + UUID.randomUUID(), carol.bindingKey(), carol.quotaKey(), "report",
                            Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1));
                    start.await();
                    try {
                        node.tasks().create(task, new TaskStore.Limits(maxPerCaller, 1000));
                        created.add(task.taskId());
                    } catch (dev.jakartamcp.protocol.McpException refused) {
                        // beyond the caller's limit
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertTrue(created.size() <= maxPerCaller, created.size() + " tasks created for one caller, limit " + maxPerCaller);
            long held = created.stream().filter(id -> b.tasks().find(id).isPresent()).count();
            assertEquals(created.size(), held, "every creation that was not refused holds its task");
        } finally {
            threads.shutdownNow();
            created.forEach(id -> a.tasks().remove(id));
        }
    }

    @Test
    void everyNodeListsTheTasksOfTheWholeClusterAndACallersOwn() {
        Caller erin = caller("erin-" + UUID.randomUUID());
        Caller frank = caller("frank-" + UUID.randomUUID());
        List<TaskState> made = new java.util.ArrayList<>();
        for (Caller owner : List.of(erin, erin, frank)) {
            TaskState task = TaskState.start("task-" + UUID.randomUUID(), owner.bindingKey(), owner.quotaKey(), "report",
                    Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1));
            (made.size() % 2 == 0 ? a : b).tasks().create(task, new TaskStore.Limits(10, 100));
            made.add(task);
        }
        try {
            for (JCacheGrid node : List.of(a, b)) {
                Set<String> all = new java.util.HashSet<>();
                node.tasks().forEach(task -> all.add(task.taskId()));
                assertTrue(all.containsAll(made.stream().map(TaskState::taskId).toList()), all.toString());
                assertEquals(Set.of(made.get(0).taskId(), made.get(1).taskId()),
                        node.tasks().ownedBy(erin.quotaKey()).stream().map(TaskState::taskId).collect(java.util.stream.Collectors.toSet()));
            }
        } finally {
            made.forEach(task -> a.tasks().remove(task.taskId()));
        }
    }

    @Test
    void aTaskMadeOnOneNodeIsAnsweredOnTheOtherAndItsWatcherHearsIt() throws Exception {
        Caller alice = caller("alice");
        TaskState task = TaskState.start("task-" + UUID.randomUUID(), alice.bindingKey(), alice.quotaKey(), "report",
                Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1)).asking("confirm", JsonObject.EMPTY_JSON_OBJECT, Instant.now());
        a.tasks().create(task, new TaskStore.Limits(10, 100));
        List<Optional<TaskState>> seenOnA = new CopyOnWriteArrayList<>();
        try (TaskStore.Registration watching = a.tasks().watch(task.taskId(), seenOnA::add)) {
            assertEquals(TaskStatus.INPUT_REQUIRED, b.tasks().find(task.taskId()).orElseThrow().status());
            JsonObject answer = Json.createObjectBuilder().add("action", "accept").build();
            b.tasks().update(task.taskId(), t -> t.answered(Map.of("confirm", answer), Instant.now()));
            eventually(() -> assertTrue(seenOnA.stream().anyMatch(s -> s.map(t -> t.inputResponses().containsKey("confirm")).orElse(false)),
                    seenOnA::toString));
            b.tasks().update(task.taskId(), t -> t.cancelled("Cancelled by the client", Instant.now()));
            eventually(() -> assertTrue(seenOnA.stream().anyMatch(s -> s.map(t -> t.status() == TaskStatus.CANCELLED).orElse(false)),
                    seenOnA::toString));
            b.tasks().remove(task.taskId());
            eventually(() -> assertTrue(seenOnA.get(seenOnA.size() - 1).isEmpty(), seenOnA::toString));
        }
        assertTrue(a.tasks().find(task.taskId()).isEmpty());
    }

    @Test
    void taskLimitsCountAcrossNodesAndExpiredTasksAreDropped() {
        Caller bob = caller("bob-" + UUID.randomUUID());
        TaskStore.Limits limits = new TaskStore.Limits(2, 100);
        a.tasks().create(TaskState.start("t1-" + UUID.randomUUID(), bob.bindingKey(), bob.quotaKey(), "report", Instant.now(),
                Duration.ofMinutes(5), Duration.ofSeconds(1)), limits);
        TaskState shortLived = TaskState.start("t2-" + UUID.randomUUID(), bob.bindingKey(), bob.quotaKey(), "report",
                Instant.now().minusSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1));
        b.tasks().create(shortLived, limits);
        // the second one expired already: met when the limit is checked, dropped, and the third is admitted
        a.tasks().create(TaskState.start("t3-" + UUID.randomUUID(), bob.bindingKey(), bob.quotaKey(), "report", Instant.now(),
                Duration.ofMinutes(5), Duration.ofSeconds(1)), limits);
        assertTrue(b.tasks().find(shortLived.taskId()).isEmpty());
        McpException refused = assertThrows(McpException.class, () -> b.tasks().create(TaskState.start("t4-" + UUID.randomUUID(),
                bob.bindingKey(), bob.quotaKey(), "report", Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1)), limits));
        assertTrue(refused.getMessage().contains("mcp.tasks.max-per-caller"), refused.getMessage());
    }

    /**
     * The cluster's count of tasks is the grid's last, at most a second old: the tasks this node made since count on
     * top of it, so that creations within that second cannot all pass mcp.tasks.max (six of six callers passed a max of
     * three).
     */
    @Test
    void tasksMadeOnThisNodeSinceTheLastCountCountTowardsTheClustersMaximum() throws Exception {
        Thread.sleep(1100);
        a.tasks().size(); // a count of now, taken aside
        Thread.sleep(300);
        TaskStore.Limits limits = new TaskStore.Limits(100, a.tasks().size() + 3);
        int admitted = 0;
        for (int i = 0; i < 6; i++) {
            Caller someone = caller("max-" + i + "-" + UUID.randomUUID());
            try {
                a.tasks().create(TaskState.start("m" + i + "-" + UUID.randomUUID(), someone.bindingKey(), someone.quotaKey(), "report",
                        Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1)), limits);
                admitted++;
            } catch (McpException refused) {
                assertTrue(refused.getMessage().contains("mcp.tasks.max"), refused.getMessage());
            }
        }
        assertTrue(admitted >= 1 && admitted <= 3, "at most the three places left: " + admitted);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void whatANodeThatDiesLeavesBehind() throws Exception {
        StreamLog writer = a.streamLog();
        writer.opened("s1", "session-1", "7");
        for (long i = 1; i <= 3; i++) {
            writer.appended("s1", i, "{\"n\":" + i + "}");
        }
        StreamLog.Shared shared = b.streamLog().find("s1").orElseThrow();
        assertEquals("session-1", shared.sessionId());
        assertEquals("7", shared.requestId());
        assertFalse(shared.finished());
        assertTrue(shared.ownerAlive());
        assertEquals(List.of(new StreamLog.Entry(2, "{\"n\":2}"), new StreamLog.Entry(3, "{\"n\":3}")), b.streamLog().after("s1", 1));

        a.streamCounts().add("carol", 1);
        a.streamCounts().add("carol", 1);
        b.streamCounts().add("carol", 1);
        b.streamCounts().add("dave", 1);
        long total = a.streamCounts().total();
        assertEquals(3, b.streamCounts().of("carol"));
        b.streamCounts().add("dave", -1);
        assertEquals(0, a.streamCounts().of("dave"));
        assertEquals(total - 1, b.streamCounts().total());

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(a.sessions().create(ProtocolRevision.V2025_11_25, JsonObject.EMPTY_JSON_OBJECT, null, caller("user" + i)).id());
        }

        Caller erin = caller("erin");
        TaskState running = TaskState.start("task-" + UUID.randomUUID(), erin.bindingKey(), erin.quotaKey(), "report",
                Instant.now(), Duration.ofMinutes(5), Duration.ofSeconds(1));
        a.tasks().create(running, new TaskStore.Limits(10, 100));
        assertEquals(TaskStatus.WORKING, b.tasks().find(running.taskId()).orElseThrow().status());

        String topicOfA = "mcp-cluster@" + a.localMember();
        assertTrue(names(memberB).contains(topicOfA), "the topic of node A: " + names(memberB));
        memberA.getLifecycleService().terminate();
        eventually(() -> assertFalse(names(memberB).contains(topicOfA), "a node that left leaves no topic behind: " + names(memberB)));
        assertTrue(names(memberB).contains("mcp-cluster@" + b.localMember()), "the remaining node keeps its own");
        eventually(() -> {
            TaskState orphan = b.tasks().find(running.taskId()).orElseThrow();
            assertEquals(TaskStatus.FAILED, orphan.status(), "its work died with its node: failed, not working until it expires");
            assertEquals(-32603, orphan.error().getInt("code"));
        });
        eventually(() -> {
            assertFalse(b.streamLog().find("s1").orElseThrow().ownerAlive(), "the owner died: a resumed stream must not wait for it");
            assertEquals(1, b.streamCounts().of("carol"), "the dead node's streams are gone with it");
        });
        for (String id : ids) {
            assertTrue(b.sessions().find(id).isPresent(), "made on the dead node, kept by the grid's backup: " + id);
        }
    }
}
