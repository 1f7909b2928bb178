package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;

import javax.cache.Cache;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A cache of the grid whose every read and write waits for the grid at most {@code mcp.cluster.grid-timeout}: each is
 * sent as the grid's asynchronous operation and waited for with that bound. A member that stops answering without
 * leaving (frozen, cut off and not yet declared dead) would otherwise hold the calling thread, a request's, for as
 * long as the grid's own timeouts let it (about two minutes by default). Beyond the bound the call throws
 * {@link #unavailable}: 503, {@code Retry-After}, -31503, limit {@code grid}. The operation itself may still complete
 * later; every write here is one a caller may repeat (a put of the same value, a compare-and-set).
 * <p>
 * The grid's type ({@code ICache}) is named only in method bodies, as a raw type: Payara parses the types of fields and
 * signatures as it deploys (see {@link JCacheGrid}).
 */
final class GridCache {
    private static final Logger LOG = Logger.getLogger(GridCache.class.getName());
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** How old the last count of the entries may be before {@link #size()} starts another. */
    static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Cache<String, String> cache;
    private final Supplier<Duration> timeout;
    private final Executor counting;
    /** The last completed count, or null. */
    private volatile Counted counted;
    /** The count under way, or the last one; guarded by this. */
    private CompletableFuture<Integer> count;

    /** A count of the entries, and when ({@link System#nanoTime()}) it was begun: what was written after is not in it. */
    record Counted(int entries, long at) {
    }

    /** {@code counting}: where the grid's (blocking) count of the entries runs, off the request's thread. */
    GridCache(Cache<String, String> cache, Supplier<Duration> timeout, Executor counting) {
        this.cache = cache;
        this.timeout = timeout;
        this.counting = counting;
    }

    GridCache(Cache<String, String> cache, Supplier<Duration> timeout) {
        this(cache, timeout, Runnable::run);
    }

    /** The cache itself, for what is no read or write of an entry (listeners, configuration). */
    Cache<String, String> cache() {
        return cache;
    }

    String name() {
        return cache.getName();
    }

    String get(String key) {
        return (String) await(cache.unwrap(com.hazelcast.cache.ICache.class).getAsync(key));
    }

    void put(String key, String value) {
        await(cache.unwrap(com.hazelcast.cache.ICache.class).putAsync(key, value));
    }

    /** Puts {@code value}, living {@code lifetime} after the write (the grid's expiry per entry). */
    void put(String key, String value, Duration lifetime) {
        await(cache.unwrap(com.hazelcast.cache.ICache.class).putAsync(key, value, living(lifetime)));
    }

    boolean putIfAbsent(String key, String value) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).putIfAbsentAsync(key, value));
    }

    /** Puts {@code value} if {@code key} has none, living {@code lifetime} after the write (the grid's expiry per entry). */
    boolean putIfAbsent(String key, String value, Duration lifetime) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).putIfAbsentAsync(key, value, living(lifetime)));
    }

    boolean replace(String key, String current, String next) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).replaceAsync(key, current, next));
    }

    boolean replace(String key, String current, String next, Duration lifetime) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).replaceAsync(key, current, next, living(lifetime)));
    }

    boolean remove(String key) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).removeAsync(key));
    }

    boolean remove(String key, String current) {
        return (Boolean) await(cache.unwrap(com.hazelcast.cache.ICache.class).removeAsync(key, current));
    }

    String getAndRemove(String key) {
        return (String) await(cache.unwrap(com.hazelcast.cache.ICache.class).getAndRemoveAsync(key));
    }

    /**
     * Removes {@code key} without waiting for the grid: undoes a write given up on ({@link #unavailable}), which the
     * grid may still apply once its member answers. Sent after that write, to the same partition, the removal is as a
     * rule applied after it: a member runs one partition's operations in the order they arrive over one connection.
     * Not always: the grid retries each operation on its own (a partition migrating, a member leaving, a connection
     * not yet open), so a write retried may still come after its removal, and is then left to its entry's expiry. The
     * request that made the write is answered meanwhile.
     */
    void removeLater(String key) {
        try {
            cache.unwrap(com.hazelcast.cache.ICache.class).removeAsync(key).whenComplete((removed, failure) -> {
                if (failure != null) {
                    LOG.log(Level.FINE, "The data grid did not take the removal of " + key + " from " + name()
                            + "; it stays until its expiry", failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "The data grid did not take the removal of " + key + " from " + name(), e);
        }
    }

    /**
     * The entries in the whole cluster as last counted, at most about {@link #COUNT_EVERY_NANOS} ago while the grid
     * answers. The grid's count asks every partition and has no asynchronous form, so it runs on the counting
     * executor, one at a time, started by the first caller that finds the last count older; the callers use the last
     * count meanwhile, and only the first count of all is waited for (at most {@code mcp.cluster.grid-timeout}). A
     * member that does not answer thus holds one counting thread, never a request's, and the count stays as it was.
     */
    int size() {
        return counted().entries();
    }

    /** As {@link #size()}, with when its count was begun: one snapshot, so that the two belong together. */
    Counted counted() {
        Counted known = counted;
        CompletableFuture<Integer> under;
        synchronized (this) {
            if ((known == null || System.nanoTime() - known.at() >= COUNT_EVERY_NANOS) && (count == null || count.isDone())) {
                count = aside(() -> {
                    long begun = System.nanoTime(); // what is written while the members count may be missed: after this
                    int entries = cache.unwrap(com.hazelcast.cache.ICache.class).size();
                    counted = new Counted(entries, begun);
                    return entries;
                });
            }
            under = count;
        }
        known = counted; // a count that ran on this thread (no executor of its own) is the newest
        if (known != null) {
            return known;
        }
        await(under);
        return counted;
    }

    /**
     * Hands every entry (key, value) to {@code action}, waiting at most {@code mcp.cluster.grid-timeout} for the whole
     * walk: the grid's iteration fetches the entries batch by batch and has no asynchronous form, so the walk runs on
     * the counting executor, where {@code action} runs too; beyond the bound the caller gets {@link #unavailable} and
     * the walk stops at its next entry (or, still queued, does not start). For the operations API's listings, which a
     * member that does not answer would otherwise hold for the grid's own timeouts. Never call it on the counting
     * executor (the walk would wait behind its caller).
     */
    void forEachEntry(BiConsumer<String, String> action) {
        AtomicBoolean givenUp = new AtomicBoolean();
        CompletableFuture<Void> walk = aside(() -> {
            if (givenUp.get()) {
                return null;
            }
            for (Cache.Entry<String, String> entry : cache) {
                if (givenUp.get()) {
                    return null;
                }
                action.accept(entry.getKey(), entry.getValue());
            }
            return null;
        });
        try {
            await(walk);
        } catch (RuntimeException e) {
            givenUp.set(true);
            throw e;
        }
    }

    /** {@code work} on the counting executor; one that no longer takes work (the application stops) fails it as unavailable. */
    private <T> CompletableFuture<T> aside(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, counting);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(unavailable(timeout.get()));
        }
    }

    private Object await(CompletionStage<?> operation) {
        Duration bound = timeout.get();
        try {
            return operation.toCompletableFuture().get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unavailable(bound);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // as the synchronous call would have thrown it
            }
            throw new IllegalStateException("a grid operation on " + name() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(bound);
        }
    }

    /** The answer to a request whose grid call did not complete within {@code bound}. */
    static McpException unavailable(Duration bound) {
        return McpException.overCapacity(ErrorCode.OVER_CAPACITY, "Service Unavailable: the data grid did not answer within "
                + bound.toMillis() + " ms (mcp.cluster.grid-timeout); try again", RETRY_AFTER, "grid");
    }

    private static ExpiryPolicy living(Duration lifetime) {
        return new ModifiedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, Math.max(1, lifetime.toMillis())));
    }
}
