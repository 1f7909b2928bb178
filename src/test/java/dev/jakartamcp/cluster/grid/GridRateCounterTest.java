package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.limits.RateLimit;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grid's rate counter on a map standing in for the grid cache, with a clock the test moves. */
class GridRateCounterTest {
    private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
    private final GridRateCounter counter = new GridRateCounter(mapCache(), "requests", millis::get);

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

    @Test
    void aLimitChangedLiveToAShorterPeriodNeverHoldsACallerBeyondThatPeriod() {
        assertEquals(100, allowedInABurst(new RateLimit(100, Duration.ofHours(1)), "alice"));
        RateLimit perMinute = RateLimit.perMinute(10);
        assertEquals(Optional.of(Duration.ofSeconds(6)), counter.acquire("alice", perMinute));
        millis.addAndGet(6_000);
        assertTrue(counter.acquire("alice", perMinute).isEmpty());
    }

    private int allowedInABurst(RateLimit limit, String key) {
        int allowed = 0;
        while (counter.acquire(key, limit).isEmpty()) {
            allowed++;
        }
        return allowed;
    }

    @SuppressWarnings("unchecked")
    private static Cache<String, String> mapCache() {
        Map<String, String> map = new ConcurrentHashMap<>();
        return (Cache<String, String>) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[]{Cache.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> map.get((String) args[0]);
                    case "putIfAbsent" -> map.putIfAbsent((String) args[0], (String) args[1]) == null;
                    case "replace" -> map.replace((String) args[0], (String) args[1], (String) args[2]);
                    case "remove" -> map.remove(args[0], args[1]);
                    case "getName" -> "mcp-rates";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
