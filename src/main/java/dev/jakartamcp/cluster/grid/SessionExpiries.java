package dev.jakartamcp.cluster.grid;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's ear for the entries a cache's expiry removes (a session idle past its timeout): each expired entry's key
 * and last value go to {@code expired}, on a thread of the grid. Every node that listens hears every expiry, wherever
 * it happened; the caller decides which one acts.
 * <p>
 * The listener is registered on this node only ({@link #listen}): through {@code Cache.registerCacheEntryListener}
 * the grid would add it to the cache's configuration and send it to every member (and to every member that joins
 * later), which means serialising it, an application class, into the grid. Only the deregistration still tells the
 * other members (Hazelcast does so unconditionally); what it sends of the listener is a factory by class name that
 * nobody instantiates ({@link Local#writeReplace}), so no application class leaves the node.
 */
final class SessionExpiries implements CacheEntryExpiredListener<String, String> {
    private static final Logger LOG = Logger.getLogger(SessionExpiries.class.getName());

    private final Cache<String, String> cache;
    private final BiConsumer<String, String> expired;
    private final CacheEntryListenerConfiguration<String, String> registration;

    private SessionExpiries(Cache<String, String> cache, BiConsumer<String, String> expired) {
        this.cache = cache;
        this.expired = expired;
        // old value required: for an expiry it is the entry's last value; asynchronous: nothing waits for this node
        this.registration = new MutableCacheEntryListenerConfiguration<>(new Local(this), null, true, false);
    }

    /**
     * Listens, from now until {@link #close}, to the expiries of {@code cache}. A grid that refuses the listener is
     * logged and the node goes on without it: the sessions work, only the ends of expired ones go uncounted.
     */
    static SessionExpiries listen(Cache<String, String> cache, BiConsumer<String, String> expired) {
        SessionExpiries listener = new SessionExpiries(cache, expired);
        try {
            // Hazelcast's own registration without adding to the configuration; its interface only in this body
            @SuppressWarnings("unchecked")
            com.hazelcast.cache.impl.ICacheInternal<String, String> hazelcast = cache.unwrap(com.hazelcast.cache.impl.ICacheInternal.class);
            hazelcast.registerCacheEntryListener(listener.registration, false);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "The data grid takes no expiry listener on " + cache.getName() + ": sessions it expires"
                    + " end without this node hearing (not counted in mcp.server.session.duration, left in their caller's list)", e);
        }
        return listener;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        for (CacheEntryEvent<? extends String, ? extends String> event : events) {
            String last = event.getOldValue() != null ? event.getOldValue() : event.getValue();
            if (last == null) {
                LOG.fine(() -> "an expiry in " + cache.getName() + " came without the entry's value");
                continue;
            }
            try {
                expired.accept(event.getKey(), last);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an expired entry of " + cache.getName() + " could not be handled", e);
            }
        }
    }

    /** Stops listening (the application stops; the grid may stay, as on Payara, with the next deployment listening). */
    void close() {
        try {
            cache.deregisterCacheEntryListener(registration);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the grid is gone already", e);
        }
    }

    /** Hands the grid this node's listener; equal only to itself, so that two registrations on one member stay two. */
    private static final class Local implements Factory<CacheEntryListener<? super String, ? super String>> {
        private static final long serialVersionUID = 1L;

        private final transient SessionExpiries listener;

        Local(SessionExpiries listener) {
            this.listener = listener;
        }

        @Override
        public CacheEntryListener<? super String, ? super String> create() {
            return listener;
        }

        /**
         * What goes to the other members when this node deregisters: a factory of JCache's own that only names a
         * class; they remove it from a configuration it was never added to, and nobody creates it.
         */
        private Object writeReplace() {
            return FactoryBuilder.factoryOf(SessionExpiries.class.getName());
        }
    }
}
