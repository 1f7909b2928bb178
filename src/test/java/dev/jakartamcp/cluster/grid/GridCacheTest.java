package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.ICache;
import com.hazelcast.core.HazelcastException;
import dev.jakartamcp.limits.RateLimit;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grid call that the grid does not answer (a member frozen) ends at {@code mcp.cluster.grid-timeout} with the
 * answer 503 / -31503, limit {@code grid}, for every read and write the WAR makes, instead of holding the request for
 * the grid's own timeouts.
 */
class GridCacheTest {
    private static final Duration BOUND = Duration.ofMillis(200);
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile int entries;

    @Test
    void everyReadAndWriteEndsAtTheBoundWhenTheGridDoesNotAnswer() {
        GridCache cache = new GridCache(grid(method -> new CompletableFuture<>()), () -> BOUND);
        List<Runnable> calls = List.of(() -> cache.get("k"), () -> cache.put("k", "v"), () -> cache.putIfAbsent("k", "v"),
                () -> cache.putIfAbsent("k", "v", Duration.ofMinutes(1)), () -> cache.replace("k", "a", "b"),
                () -> cache.replace("k", "a", "b", Duration.ofMinutes(1)), () -> cache.remove("k"), () -> cache.remove("k", "v"),
                () -> cache.getAndRemove("k"), () -> Caches.update(cache, "k", v -> "1"));
        for (Runnable call : calls) {
            long started = System.nanoTime();
            McpException e = assertThrows(McpException.class, call::run);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(ErrorCode.OVER_CAPACITY, e.code());
            assertEquals(McpException.Reason.OVER_CAPACITY, e.reason());
            assertEquals("grid", e.limit());
            assertEquals(Duration.ofSeconds(5), e.retryAfter());
            assertTrue(e.getMessage().contains("mcp.cluster.grid-timeout"), e.getMessage());
            assertTrue(waited.compareTo(BOUND) >= 0 && waited.compareTo(BOUND.plusSeconds(2)) < 0, "waited " + waited);
        }
        assertEquals(List.of("getAsync", "putAsync", "putIfAbsentAsync", "putIfAbsentAsync", "replaceAsync", "replaceAsync",
                "removeAsync", "removeAsync", "getAndRemoveAsync", "getAsync"), sent, "each sent as the grid's asynchronous operation");
    }

    @Test
    void aCountedRequestIsRefusedAsUnavailableNotAsRateLimited() {
        GridRateCounter counter = new GridRateCounter(new GridCache(grid(method -> new CompletableFuture<>()), () -> BOUND), "requests");
        McpException e = assertThrows(McpException.class, () -> counter.acquire("alice", RateLimit.perMinute(600)));
        assertEquals("grid", e.limit());
        assertEquals(0, counter.refused(), "no caller sent too much");
    }

    @Test
    void theBoundIsReadAtEachCall() {
        Duration[] bound = {Duration.ofMillis(100)};
        GridCache cache = new GridCache(grid(method -> new CompletableFuture<>()), () -> bound[0]);
        assertTrue(assertThrows(McpException.class, () -> cache.get("k")).getMessage().contains("100 ms"));
        bound[0] = Duration.ofMillis(300);
        assertTrue(assertThrows(McpException.class, () -> cache.get("k")).getMessage().contains("300 ms"));
    }

    @Test
    void aGridFailureIsThrownAsTheSynchronousCallWouldHaveThrownIt() {
        HazelcastException failure = new HazelcastException("the member left");
        GridCache cache = new GridCache(grid(method -> CompletableFuture.failedFuture(failure)), () -> BOUND);
        assertSame(failure, assertThrows(HazelcastException.class, () -> cache.get("k")));
    }

    @Test
    void anAnswerWithinTheBoundIsReturned() {
        GridCache cache = new GridCache(grid(method -> CompletableFuture.completedFuture(method.equals("getAsync") ? "v" : true)), () -> BOUND);
        assertEquals("v", cache.get("k"));
        assertTrue(cache.putIfAbsent("k", "v"));
        assertTrue(cache.replace("k", "v", "w", Duration.ofMinutes(1)));
    }

    @Test
    void aCountThatDoesNotCompleteHoldsNoCallerOnceACountIsKnown() throws Exception {
        List<Runnable> counts = new CopyOnWriteArrayList<>();
        Duration[] bound = {BOUND};
        GridCache cache = new GridCache(grid(method -> new CompletableFuture<>()), () -> bound[0], counts::add);
        entries = 3;
        McpException first = assertThrows(McpException.class, cache::size, "the first count of all is waited for, at most the bound");
        assertEquals("grid", first.limit());
        counts.remove(0).run(); // it completes after all
        assertEquals(3, cache.size());
        assertTrue(counts.isEmpty(), "a count younger than a second is used as it is");

        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(GridCache.COUNT_EVERY_NANOS) + 100);
        entries = 5;
        bound[0] = Duration.ofSeconds(20); // a caller that waited for the count would wait this long
        long started = System.nanoTime();
        assertEquals(3, cache.size(), "the last count while the next one is under way");
        assertEquals(3, cache.size());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0, "no caller waits for it");
        assertEquals(1, counts.size(), "one count at a time");
        counts.remove(0).run();
        assertEquals(5, cache.size());
    }

    /** A cache whose asynchronous operations answer as {@code answer} says for the operation's name. */
    @SuppressWarnings("unchecked")
    private Cache<String, String> grid(Function<String, CompletableFuture<?>> answer) {
        return (Cache<String, String>) Proxy.newProxyInstance(ICache.class.getClassLoader(), new Class<?>[]{ICache.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.endsWith("Async")) {
                        sent.add(name);
                        return answer.apply(name);
                    }
                    return switch (name) {
                        case "size" -> entries;
                        case "unwrap" -> proxy;
                        case "getName" -> "mcp-test";
                        default -> throw new UnsupportedOperationException(name);
                    };
                });
    }
}
