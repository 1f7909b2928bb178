package dev.jakartamcp.cluster.grid;

import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The grid's caches of strings, each read and written with the bound of {@code mcp.cluster.grid-timeout}
 * ({@link GridCache}), and the compare-and-set update every shared value is changed with.
 */
final class Caches {
    private static final Logger LOG = Logger.getLogger(Caches.class.getName());
    private static final int MAX_ATTEMPTS = 1000;

    private final CacheManager manager;
    private final Supplier<java.time.Duration> timeout;
    private final java.util.concurrent.Executor counting;
    /** Each cache's eviction bound as read back from the grid, in the order got; guarded by itself. */
    private final java.util.Map<String, Integer> bounds = new java.util.LinkedHashMap<>();

    /** {@code counting}: where counts of a cache's entries run ({@link GridCache#size()}). */
    Caches(CacheManager manager, Supplier<java.time.Duration> timeout, java.util.concurrent.Executor counting) {
        this.manager = manager;
        this.timeout = timeout;
        this.counting = counting;
    }

    Caches(CacheManager manager, Supplier<java.time.Duration> timeout) {
        this(manager, timeout, Runnable::run);
    }

    /**
     * The cache called {@code name}, made by whichever node asks first; entries live {@code ttl} after their last write.
     * The grid never takes an entry out for room: what bounds these caches is the WAR's own limits
     * ({@code mcp.session.max}, {@code mcp.tasks.max}, {@code mcp.streams.max}).
     */
    GridCache get(String name, java.time.Duration ttl) {
        return get(name, ttl, Integer.MAX_VALUE);
    }

    /**
     * As {@link #get(String, java.time.Duration)}, but beyond about {@code maxEntries} the grid takes out about the least
     * recently used entries (Hazelcast counts per partition and picks the oldest of a sample, so both are approximate),
     * for a cache no limit of the WAR bounds. Set by the node that makes the cache.
     */
    GridCache get(String name, java.time.Duration ttl, int maxEntries) {
        return new GridCache(cache(name, ttl, maxEntries), timeout, counting);
    }

    private Cache<String, String> cache(String name, java.time.Duration ttl, int maxEntries) {
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        if (cache == null) {
            try {
                cache = manager.createCache(name, configuration(ttl, maxEntries));
            } catch (CacheException e) {
                // another node made it meanwhile
                cache = manager.getCache(name, String.class, String.class);
            }
        }
        warnIfItDropsSooner(cache, name, maxEntries);
        return cache;
    }

    /**
     * Reads back the bound the cache was made with (by this node or another), records it for {@link #bounds()}, and
     * tells the operator when it drops entries sooner than this node would have it do.
     */
    private void warnIfItDropsSooner(Cache<String, String> cache, String name, int maxEntries) {
        int bound;
        try {
            @SuppressWarnings("unchecked")
            CacheConfig<String, String> config = cache.getConfiguration(CacheConfig.class);
            bound = config.getEvictionConfig().getSize();
        } catch (RuntimeException notHazelcasts) {
            LOG.log(Level.FINE, "The configuration of the data grid's cache " + name + " cannot be read back", notHazelcasts);
            return;
        }
        synchronized (bounds) {
            bounds.put(name, bound);
        }
        if (bound < maxEntries) {
            LOG.warning("The data grid's cache " + name + " drops entries beyond about " + bound + ", this node would have "
                    + (maxEntries == Integer.MAX_VALUE ? "no such bound" : "about " + maxEntries)
                    + ": another node made it (one of an earlier version, or with a lower mcp.rate-limit.max-tracked-callers or"
                    + " mcp.cluster.stream-log-max-events), or a <cache> of that name in the grid's own configuration."
                    + " It keeps that bound until every node of the grid has stopped");
        }
    }

    /**
     * The caches this node got, as the grid holds them: how many keep every entry, and each that drops the least
     * recently used beyond a bound with its bound. For the start's log, which shows what the server made of the
     * configuration (a provider that ignored it would show Hazelcast's default, 10000).
     */
    String bounds() {
        synchronized (bounds) {
            long unbounded = bounds.values().stream().filter(bound -> bound == Integer.MAX_VALUE).count();
            StringBuilder text = new StringBuilder().append(unbounded).append(" of ").append(bounds.size())
                    .append(" keep every entry");
            bounds.forEach((name, bound) -> {
                if (bound != Integer.MAX_VALUE) {
                    text.append("; ").append(name).append(" drops the least recently used beyond about ").append(bound);
                }
            });
            return text.toString();
        }
    }

    /**
     * The configuration a grid cache is made with. Hazelcast's own, not the JCache API's: a cache made from a plain
     * JCache configuration gets Hazelcast's default eviction, 10,000 entries (in fact about 55 per partition, 14,905 in
     * all), beyond which it silently drops entries: sessions and tasks would vanish under load well below
     * {@code mcp.session.max} raised or {@code mcp.tasks.max} raised. Typed as the JCache API's: a Hazelcast type in
     * a signature makes Payara's class-model parse read its graph of types at every start (JCacheGrid).
     */
    static CompleteConfiguration<String, String> configuration(java.time.Duration ttl, int maxEntries) {
        CacheConfig<String, String> config = new CacheConfig<>();
        config.setTypes(String.class, String.class);
        config.setStoreByValue(true);
        config.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, Math.max(1, ttl.toMillis()))));
        config.setEvictionConfig(new EvictionConfig().setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(maxEntries)
                .setEvictionPolicy(EvictionPolicy.LRU));
        return config;
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
