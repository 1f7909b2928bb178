package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.ICache;
import dev.jakartamcp.limits.RateLimit;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.expiry.ExpiryPolicy;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grid's rate counter on a map standing in for the grid cache, with a clock the test moves. The stand-in expires
 * its entries as the grid does: {@link JCacheGrid#RATES_EXPIRY} after their last write, or as a write's own expiry
 * policy (Hazelcast's per-entry expiry) says.
 */
class GridRateCounterTest {
    private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
    private final Map<String, Entry> grid = new ConcurrentHashMap<>();
    private final GridRateCounter counter = new GridRateCounter(gridCache(), "requests", millis::get);

    private record Entry(String value, long expiresAt) {
    }

    @Test
    void aBurstIsExactlyThePermitsWhenAPermitTakesLessThanAMillisecond() {
        assertEquals(90_000, allowedInABurst(RateLimit.perMinute(90_000), "alice"), "90000/min allows 90000, not one per millisecond");
        assertEquals(40_000, allowedInABurst(RateLimit.perMinute(40_000), "bob"), "40000/min allows 40000, not 60000");
    }

    @Test
    void permitsComeBackAtTheRate() {
        RateLimit limit = RateLimit.perMinute(3);
        assertEquals(3, allowedInABurst(limit, "alice"));
        assertEquals(Optional.of(Duration.ofSeconds(20)), counter.acquire("alice", limit));
        millis.addAndGet(20_000);
        assertTrue(counter.acquire("alice", limit).isEmpty());
        assertEquals(2, counter.refused());
    }

    /** As on one node (RateLimiterTest): a limit raised live counts what was used as uses of the new limit. */
    @Test
    void aLimitRaisedLiveCountsWhatWasUsedAsUsesOfTheNewLimit() {
        assertTrue(counter.acquire("alice", RateLimit.parse("1/P1D")).isEmpty());
        millis.addAndGet(Duration.ofHours(1).toMillis());
        assertEquals(99, allowedInABurst(RateLimit.parse("100/P1D"), "alice"));
    }

    @Test
    void aLimitChangedLiveToAShorterPeriodNeverHoldsACallerBeyondThatPeriod() {
        assertEquals(100, allowedInABurst(new RateLimit(100, Duration.ofHours(1)), "alice"));
        RateLimit perMinute = RateLimit.perMinute(10);
        assertEquals(Optional.of(Duration.ofSeconds(6)), counter.acquire("alice", perMinute));
        millis.addAndGet(6_000);
        assertTrue(counter.acquire("alice", perMinute).isEmpty());
    }

    @Test
    void aCallerWhoUsedALimitOfAWeekIsRefusedAllWeekNotOnlyForTheGridsDay() {
        RateLimit weekly = RateLimit.parse("1/P7D");
        assertTrue(counter.acquire("alice", weekly).isEmpty());
        millis.addAndGet(Duration.ofDays(2).toMillis());
        assertEquals(Optional.of(Duration.ofDays(5)), counter.acquire("alice", weekly),
                "two days after the week's one call, as RateLimiter on a single node says");
        millis.addAndGet(Duration.ofDays(5).toMillis());
        assertTrue(counter.acquire("alice", weekly).isEmpty());
    }

    @Test
    void aCallersEntryStaysInTheGridUntilItsBucketIsFullAndGoesSoonAfter() {
        RateLimit limit = RateLimit.perMinute(3);
        assertEquals(3, allowedInABurst(limit, "alice"));
        Entry entry = grid.get("requests.cell\nalice");
        long fullAt = Long.parseLong(entry.value().substring(0, entry.value().indexOf(' '))) / 1_000_000L;
        assertTrue(entry.expiresAt() >= fullAt, "the entry lives until the bucket is full again");
        assertTrue(entry.expiresAt() <= fullAt + Duration.ofMinutes(2).toMillis(),
                "not a whole day for a limit of a minute: expires at " + entry.expiresAt() + ", full at " + fullAt);
    }

    @Test
    void theLongestPeriodARateLimitAcceptsIsCountedOnTheGrid() {
        RateLimit century = new RateLimit(1, RateLimit.MAX_PERIOD);
        assertTrue(counter.acquire("alice", century).isEmpty());
        millis.addAndGet(Duration.ofDays(365).toMillis());
        assertEquals(Optional.of(RateLimit.MAX_PERIOD.minusDays(365)), counter.acquire("alice", century));
    }

    private int allowedInABurst(RateLimit limit, String key) {
        int allowed = 0;
        while (counter.acquire(key, limit).isEmpty()) {
            allowed++;
        }
        return allowed;
    }

    /** The live value at {@code key}: null when absent or expired (then dropped, as the grid does when it reads it). */
    private String live(String key) {
        Entry entry = grid.get(key);
        if (entry != null && entry.expiresAt() <= millis.get()) {
            grid.remove(key, entry);
            return null;
        }
        return entry == null ? null : entry.value();
    }

    /** An entry written now, living as {@code policy} says on creation or update, else the grid's day. */
    private Entry written(String value, Object policy, boolean created) {
        long lifetime = JCacheGrid.RATES_EXPIRY.toMillis();
        if (policy instanceof ExpiryPolicy expiry) {
            javax.cache.expiry.Duration d = created ? expiry.getExpiryForCreation() : expiry.getExpiryForUpdate();
            lifetime = d.getTimeUnit().toMillis(d.getDurationAmount());
        }
        return new Entry(value, millis.get() + lifetime);
    }

    /** A grid cache on {@link #grid}, answering the asynchronous operations the counter sends at once. */
    @SuppressWarnings("unchecked")
    private GridCache gridCache() {
        Cache<String, String> cache = (Cache<String, String>) Proxy.newProxyInstance(ICache.class.getClassLoader(), new Class<?>[]{ICache.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsync" -> CompletableFuture.completedFuture(live((String) args[0]));
                    case "putIfAbsentAsync" -> CompletableFuture.completedFuture(live((String) args[0]) == null
                            && grid.putIfAbsent((String) args[0], written((String) args[1], args.length > 2 ? args[2] : null, true)) == null);
                    case "replaceAsync" -> {
                        String key = (String) args[0];
                        Entry current = grid.get(key);
                        yield CompletableFuture.completedFuture(live(key) != null && current.value().equals(args[1])
                                && grid.replace(key, current, written((String) args[2], args.length > 3 ? args[3] : null, false)));
                    }
                    case "removeAsync" -> CompletableFuture.completedFuture(live((String) args[0]) != null
                            && grid.get(args[0]).value().equals(args[1]) && grid.remove(args[0]) != null);
                    case "unwrap" -> proxy;
                    case "getName" -> "mcp-rates";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new GridCache(cache, () -> Duration.ofSeconds(5));
    }
}
