package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.InMemoryStores;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a 2025-era session costs in heap: in this server's memory (the default) against the data grid with one member
 * and with two (both members in this JVM, so the figure is the cluster's total: the entry and its backup). Each
 * session carries what a real client sends (client info, capabilities of the TypeScript SDK), a log level and two
 * subscriptions; four sessions per caller. The figures are printed and written to
 * {@code target/cluster/session-footprint.txt}; the assertion only guards against an order-of-magnitude regression.
 */
class SessionFootprintTest {
    static final int SESSIONS = 2000;
    static final long CEILING_PER_SESSION = 32 * 1024;

    private final McpSettings settings = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.session.max", "100000").get(key)));

    @Test
    void heapPerSessionInMemoryAndInTheGrid() throws Exception {
        List<String> lines = new ArrayList<>();
        long memory = perSession(() -> InMemoryStores.create(settings));
        lines.add(String.format("%-48s %6d bytes/session", "in-memory store (mcp.cluster.enabled=false)", memory));

        int alonePort = Http.freePort();
        HazelcastInstance alone = member(alonePort, alonePort);
        try {
            long oneMember = perSession(() -> grid(alone).sessions());
            lines.add(String.format("%-48s %6d bytes/session", "grid, one member (entry, no backup)", oneMember));
            assertTrue(oneMember > 0 && oneMember < CEILING_PER_SESSION, lines::toString);
        } finally {
            alone.shutdown();
        }

        String cluster = "mcp-footprint-" + UUID.randomUUID();
        int portA = Http.freePort();
        int portB = Http.freePort();
        HazelcastInstance a = Hazelcast.newHazelcastInstance(JCacheGridTest.memberConfig(cluster, portA, portB));
        HazelcastInstance b = Hazelcast.newHazelcastInstance(JCacheGridTest.memberConfig(cluster, portB, portA));
        try {
            assertEquals(2, a.getCluster().getMembers().size());
            long twoMembers = perSession(() -> grid(b).sessions());
            lines.add(String.format("%-48s %6d bytes/session (%d per member)", "grid, two members (entry + backup), total",
                    twoMembers, twoMembers / 2));
            assertTrue(twoMembers > 0 && twoMembers < 2 * CEILING_PER_SESSION, lines::toString);
        } finally {
            b.shutdown();
            a.shutdown();
        }
        assertTrue(memory > 0 && memory < CEILING_PER_SESSION, lines::toString);
        String report = String.format("Heap per 2025-era session, %d sessions, after full GC (JDK %s)%n", SESSIONS,
                Runtime.version()) + String.join("\n", lines) + "\n";
        System.out.println(report);
        Path dir = Files.createDirectories(Path.of(System.getProperty("mcp.build.dir", "target"), "cluster"));
        Files.writeString(dir.resolve("session-footprint.txt"), report);
    }

    private static HazelcastInstance member(int port, int peer) {
        return Hazelcast.newHazelcastInstance(JCacheGridTest.memberConfig("mcp-footprint-" + UUID.randomUUID(), port, peer));
    }

    private JCacheGrid grid(HazelcastInstance member) {
        return new JCacheGrid(new GridContext(settings, message -> { }, ended -> { }),
                new HazelcastServerCachingProvider(member).getCacheManager());
    }

    /** Heap after a full GC with SESSIONS sessions minus before, divided by SESSIONS; the sessions stay reachable. */
    private long perSession(Supplier<SessionStore> stores) throws InterruptedException {
        SessionStore store = stores.get();
        fill(store, 50);
        long before = usedAfterGc();
        fill(store, SESSIONS);
        long after = usedAfterGc();
        // the grid's count may be up to a second old (GridCache.size)
        JCacheGridTest.eventually(Duration.ofSeconds(5), () -> assertEquals(SESSIONS + 50, store.size()));
        return (after - before) / SESSIONS;
    }

    private static void fill(SessionStore store, int count) {
        JsonObject capabilities = JsonFactory.createObjectBuilder()
                .add("roots", JsonFactory.createObjectBuilder().add("listChanged", true))
                .add("sampling", JsonFactory.createObjectBuilder())
                .add("elicitation", JsonFactory.createObjectBuilder().add("form", JsonFactory.createObjectBuilder())
                        .add("url", JsonFactory.createObjectBuilder())).build();
        String caller = null;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 0) {
                caller = UUID.randomUUID().toString();
            }
            JsonObject clientInfo = JsonFactory.createObjectBuilder().add("name", "claude-code").add("version", "2.0." + i).build();
            McpSession session = store.create(ProtocolRevision.V2025_11_25, capabilities, clientInfo,
                    new Caller("https://issuer.example.com/", caller, Set.of(), Map.of(), null, ""));
            session.markInitialized();
            session.logLevel(LogLevel.INFO);
            session.subscribe("file:///projects/app/README.md", 100);
            session.subscribe("db://orders/" + i, 100);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
