package dev.jakartamcp.cluster.grid;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The grid's caches of strings, each read and written with the bound of {@code mcp.cluster.grid-timeout}
 * ({@link GridCache}), and the compare-and-set update every shared value is changed with.
 */
final class Caches {
    private static final int MAX_ATTEMPTS = 1000;

    private final CacheManager manager;
    private final Supplier<java.time.Duration> timeout;
    private final java.util.concurrent.Executor counting;

    /** {@code counting}: where counts of a cache's entries run ({@link GridCache#size()}). */
    Caches(CacheManager manager, Supplier<java.time.Duration> timeout, java.util.concurrent.Executor counting) {
        this.manager = manager;
        this.timeout = timeout;
        this.counting = counting;
    }

    Caches(CacheManager manager, Supplier<java.time.Duration> timeout) {
        this(manager, timeout, Runnable::run);
    }

    /** The cache called {@code name}, made by whichever node asks first; entries live {@code ttl} after their last write. */
    GridCache get(String name, java.time.Duration ttl) {
        return new GridCache(cache(name, ttl), timeout, counting);
    }

    private Cache<String, String> cache(String name, java.time.Duration ttl) {
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        if (cache != null) {
            return cache;
        }
        MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setStoreByValue(true)
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, Math.max(1, ttl.toMillis()))));
        try {
            return manager.createCache(name, config);
        } catch (CacheException e) {
            // another node made it meanwhile
            return manager.getCache(name, String.class, String.class);
        }
    }

    /** The expiry after the last write that {@code cache} applies to its entries (as the node that made it set it). */
    static java.util.Optional<java.time.Duration> expiry(GridCache cache) {
        try {
            @SuppressWarnings("unchecked")
            javax.cache.configuration.CompleteConfiguration<String, String> config =
                    cache.cache().getConfiguration(javax.cache.configuration.CompleteConfiguration.class);
            Duration expiry = config.getExpiryPolicyFactory().create().getExpiryForUpdate();
            if (expiry == null || expiry.isEternal() || expiry.isZero()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(java.time.Duration.ofMillis(expiry.getTimeUnit().toMillis(expiry.getDurationAmount())));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Changes the value at {@code key} atomically across the cluster: {@code change} gets the current value (null when
     * absent) and returns the new one (null removes it); retried while another node changed it meanwhile. Returns the
     * value written.
     */
    static String update(GridCache cache, String key, UnaryOperator<String> change) {
        return update(cache, key, change, cache::putIfAbsent, cache::replace);
    }

    /**
     * As {@link #update(GridCache, String, UnaryOperator)}, each value written living {@code lifetime} of it after the
     * write, longer or shorter than the cache's own expiry (the grid's expiry per entry).
     */
    static String update(GridCache cache, String key, UnaryOperator<String> change,
                         Function<String, java.time.Duration> lifetime) {
        return update(cache, key, change, (k, value) -> cache.putIfAbsent(k, value, lifetime.apply(value)),
                (k, current, value) -> cache.replace(k, current, value, lifetime.apply(value)));
    }

    private static String update(GridCache cache, String key, UnaryOperator<String> change,
                                 BiPredicate<String, String> putIfAbsent, Replace replace) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = cache.get(key);
            String next = change.apply(current);
            if (current == null) {
                if (next == null || putIfAbsent.test(key, next)) {
                    return next;
                }
            } else if (next == null) {
                if (cache.remove(key, current)) {
                    return null;
                }
            } else if (next.equals(current) || replace.replace(key, current, next)) {
                return next;
            }
        }
        throw new IllegalStateException("the grid value " + cache.name() + "/" + key + " changed " + MAX_ATTEMPTS
                + " times while this node tried to update it");
    }

    private interface Replace {
        boolean replace(String key, String current, String next);
    }
}
