package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.ICache;
import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.ops.LogCapture;
import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grid never drops an entry for room on its own: a cache made from a plain JCache configuration gets Hazelcast's
 * default eviction (about 14,900 entries with 271 partitions), so a cluster holding more sessions or tasks than that,
 * within {@code mcp.session.max} and {@code mcp.tasks.max} raised, lost some silently. Only the caches that none of
 * the WAR's limits bounds keep a bound of their own: the rate limiters' ({@code mcp.rate-limit.max-tracked-callers})
 * and the streams' logs ({@code mcp.cluster.stream-log-max-events}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridCapacityTest {
    private static final int BEYOND_THE_DEFAULT = 20_000;

    private HazelcastInstance member;
    private CacheManager manager;

    @BeforeAll
    void oneMember() {
        member = JCacheGridTest.loneMember("mcp-capacity-");
        manager = new HazelcastServerCachingProvider(member).getCacheManager();
    }

    @AfterAll
    void stop() {
        member.shutdown();
    }

    @Test
    void aGridCacheKeepsEveryEntryBeyondHazelcastsDefaultBound() {
        GridCache cache = new Caches(manager, () -> Duration.ofSeconds(10)).get("mcp-capacity-unbounded", Duration.ofHours(1));
        for (int i = 0; i < BEYOND_THE_DEFAULT; i++) {
            cache.put("session-" + i, "{}");
        }
        assertEquals(BEYOND_THE_DEFAULT, cache.cache().unwrap(ICache.class).size());
        assertEquals("{}", cache.get("session-0"), "the first entry written is still there");
    }

    @Test
    void aBoundedGridCacheDropsTheLeastRecentlyUsedBeyondItsBound() {
        GridCache cache = new Caches(manager, () -> Duration.ofSeconds(10)).get("mcp-capacity-bounded", Duration.ofHours(1), 1_000);
        for (int i = 0; i < BEYOND_THE_DEFAULT; i++) {
            cache.put("caller-" + i, "1");
            if (i % 10 == 0) {
                cache.get("caller-0");
            }
        }
        int size = cache.cache().unwrap(ICache.class).size();
        // Hazelcast bounds each of its 271 partitions at the bound's share plus five standard deviations: 13 here
        assertTrue(size >= 1_000 && size <= 271 * 13, "entries kept: " + size);
        assertEquals("1", cache.get("caller-0"), "the entry used all along is kept");
        assertEquals("1", cache.get("caller-" + (BEYOND_THE_DEFAULT - 1)), "the entry written last is kept");
        assertNull(cache.get("caller-1"), "an early entry never used again is dropped");
    }

    @Test
    void aCacheMadeWithHazelcastsDefaultEvictionIsNamedInAWarning() {
        manager.createCache("mcp-capacity-old", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        try (LogCapture log = LogCapture.of(Caches.class)) {
            Caches caches = new Caches(manager, () -> Duration.ofSeconds(10));
            caches.get("mcp-capacity-old", Duration.ofHours(1));
            List<String> warnings = log.messagesAt(Level.WARNING);
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("The data grid's cache mcp-capacity-old drops entries beyond about 10000, "
                    + "this node would have no such bound"), warnings.get(0));
            caches.get("mcp-capacity-unbounded-too", Duration.ofHours(1));
            caches.get("mcp-capacity-unbounded-too", Duration.ofHours(1));
            assertEquals(warnings, log.messagesAt(Level.WARNING), "a cache made as this node makes it");
            assertEquals("1 of 2 keep every entry; mcp-capacity-old drops the least recently used beyond about 10000", caches.bounds());
        }
    }

    @Test
    void everyCacheOfTheGridIsMadeWithoutHazelcastsDefaultEviction() {
        McpSettings settings = new McpSettings(key -> Optional.ofNullable(Map.of("mcp.rate-limit.max-tracked-callers", "5000",
                "mcp.cluster.stream-log-max-events", "7000").get(key)));
        new JCacheGrid(new GridContext(settings, message -> { }, ended -> { }), manager).close();
        int seen = 0;
        for (String name : manager.getCacheNames()) {
            if (!name.startsWith("mcp-") || name.startsWith("mcp-capacity-")) {
                continue;
            }
            seen++;
            @SuppressWarnings("unchecked")
            CacheConfig<String, String> config = manager.getCache(name, String.class, String.class).getConfiguration(CacheConfig.class);
            assertEquals(MaxSizePolicy.ENTRY_COUNT, config.getEvictionConfig().getMaxSizePolicy(), name);
            assertEquals(EvictionPolicy.LRU, config.getEvictionConfig().getEvictionPolicy(), name);
            int expected = switch (name) {
                case "mcp-rates" -> 10_000;
                case "mcp-stream-meta", "mcp-stream-events" -> 7_000;
                default -> Integer.MAX_VALUE;
            };
            assertEquals(expected, config.getEvictionConfig().getSize(), name);
        }
        assertEquals(12, seen, "the grid's caches: " + manager.getCacheNames());
    }
}
