package dev.jakartamcp.transport;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.ListedItems;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.protocol.ChangeNotice;
import dev.jakartamcp.protocol.NoticeDelivery;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the streams of this server when an operator's live override changes what a list shows: an item switched off
 * or on ({@code enabled}), its {@code roles}, {@code title} or {@code description}. Overrides are read when used, so
 * nothing announces their change; every {@link #INTERVAL_MILLIS} (while this node has streams to tell, a GET stream waiting for {@code Last-Event-ID} included) this compares what
 * the overrides make of each listed item with the last check, and each list that changed gets one {@code list_changed},
 * however many of its items changed, on the same path as a registry's change. Items added or removed are the
 * registry's to announce and are not compared.
 *
 * <p>It runs on a thread of its own, never on a request's: it reads the overrides of every item (through the same
 * reread cache as requests) and waits at least {@value #IDLE_FACTOR} times as long as its last check took, so that a
 * deployment of very many items costs it at most about 2 % of one core. Each node of a cluster checks for itself and
 * tells only its own streams: a notice through the grid would reach every stream once per node.
 */
@ApplicationScoped
public class OverrideWatch {
    /** How often the overrides are compared at most; a change reaches clients within this plus the reread time. */
    static final long INTERVAL_MILLIS = 1000;
    static final int IDLE_FACTOR = 50;

    @Inject
    @Any
    Instance<ListedItems> listings;

    @Inject
    ItemOverrides overrides;

    @Inject
    NoticeDelivery delivery;

    @Inject
    LiveSessions lives;

    @Inject
    Subscriptions subscriptions;

    @Resource
    ManagedThreadFactory threads;

    /** What each listed item looked like at the last check, by list; only touched by the checks, one after the other. */
    private final Map<ChangeNotice.Kind, Map<McpItem, Shown>> seen = new EnumMap<>(ChangeNotice.Kind.class);
    private final Runnable loggedCheck = new StreamTimers.Repeated("comparing the operators' live overrides of listed items", this::check);
    private ScheduledExecutorService scheduler;

    /** What a list shows of an item, as the operator's overrides make it. */
    private record Shown(boolean enabled, Access access, JsonObject descriptor) {
    }

    /** Made while the application starts, so that the first check knows the overrides a stream opened under. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(threads); // the container's context: config sources need it
        scheduler.execute(this::checkAndReschedule);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    private void checkAndReschedule() {
        long started = System.nanoTime();
        loggedCheck.run();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            scheduler.schedule(this::checkAndReschedule, Math.max(INTERVAL_MILLIS, took * IDLE_FACTOR), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the application stops
        }
    }

    /**
     * Compares every listed item with the last check and tells the streams of each list that changed. Without open
     * streams there is nobody to tell, and the items are not read (but for the first check, which every later one
     * compares with: a change made before a stream opened then reaches it at its first check, one more notice than
     * needed rather than one too few).
     */
    void check() {
        if (!seen.isEmpty() && lives.withStream().isEmpty() && !subscriptions.hasListeners()) {
            return;
        }
        Map<ChangeNotice.Kind, Map<McpItem, Shown>> now = new EnumMap<>(ChangeNotice.Kind.class);
        for (ListedItems listing : listings) {
            Map<McpItem, Shown> shown = now.computeIfAbsent(listing.listKind(), kind -> new IdentityHashMap<>());
            for (McpItem item : listing.listedItems()) {
                shown.put(item, new Shown(overrides.enabled(item), overrides.access(item), overrides.descriptor(item)));
            }
        }
        boolean first = seen.isEmpty();
        now.forEach((kind, shown) -> {
            Map<McpItem, Shown> before = seen.get(kind);
            if (!first && before != null && changed(before, shown)) {
                delivery.deliver(ChangeNotice.listChanged(kind));
            }
        });
        seen.clear();
        seen.putAll(now);
    }

    /** Whether an item listed both times shows differently now. */
    private static boolean changed(Map<McpItem, Shown> before, Map<McpItem, Shown> now) {
        for (Map.Entry<McpItem, Shown> e : now.entrySet()) {
            Shown was = before.get(e.getKey());
            if (was != null && !was.equals(e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
