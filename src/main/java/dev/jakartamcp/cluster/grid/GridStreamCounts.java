package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.transport.StreamCounts;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Open long-lived streams counted cluster-wide: per key (a caller's quota key, and {@value #TOTAL} for all) one entry
 * with each node's count, so that the counts of a node that died stop counting as soon as it leaves the cluster.
 * <p>
 * Each node keeps its own counts in memory and writes them to the grid as they are, never as a change, and after
 * each write looks whether its count changed meanwhile (another thread of this node wrote an older one, or found
 * nothing to write) and writes again if so. A write the grid does not answer in time ({@code mcp.cluster.grid-timeout}),
 * and that it may still apply later, so leaves at worst an older count of this node, which a later write puts right.
 * An admission writes its caller's counts before it is checked; everything else — an ended stream, a refused
 * admission's undoing, what a write given up on left — is written aside, on the grid's counting thread, so that ending a
 * stream never waits for the grid.
 */
final class GridStreamCounts implements StreamCounts {
    static final String TOTAL = "*";
    private static final Logger LOG = Logger.getLogger(GridStreamCounts.class.getName());

    private final GridCache counts;
    private final java.util.function.Supplier<String> localMember;
    private final java.util.function.Supplier<Set<String>> members;
    private final java.util.concurrent.Executor aside;
    /** This node's counts by grid key; a key whose count is 0 is dropped (bounded by the streams open on this node). */
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    /** Keys whose count the grid may not have as it is: at most the keys this node counted since they were written. */
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
    /** Whether a write of {@link #unwritten} waits for or runs on {@link #aside}. */
    private final java.util.concurrent.atomic.AtomicBoolean writingAside = new java.util.concurrent.atomic.AtomicBoolean();

    GridStreamCounts(GridCache counts, JCacheGrid grid, java.util.concurrent.Executor aside) {
        this(counts, grid::localMember, grid::members, aside);
    }

    /** {@code aside}: where counts are written that no request waits for (the grid's counting thread). */
    GridStreamCounts(GridCache counts, java.util.function.Supplier<String> localMember, java.util.function.Supplier<Set<String>> members,
                     java.util.concurrent.Executor aside) {
        this.counts = counts;
        this.localMember = localMember;
        this.members = members;
        this.aside = aside;
    }

    /**
     * Changes this node's count here at once. An increase (an admission) is written to the grid before this returns,
     * and undone and thrown when the grid does not take it; a decrease is written aside.
     */
    @Override
    public void add(String quotaKey, int delta) {
        String caller = "caller\n" + quotaKey;
        change(TOTAL, delta);
        change(caller, delta);
        unwritten.add(TOTAL);
        unwritten.add(caller);
        if (delta > 0) {
            try {
                write(caller);
                write(TOTAL);
            } catch (RuntimeException e) {
                change(TOTAL, -delta);
                change(caller, -delta);
                unwritten.add(TOTAL);
                unwritten.add(caller);
                writeAside();
                throw e;
            }
        }
        writeAside();
    }

    /** Writes every key not written yet on {@link #aside}, one run at a time; what it cannot write waits for the next. */
    private void writeAside() {
        if (unwritten.isEmpty() || !writingAside.compareAndSet(false, true)) {
            return;
        }
        try {
            aside.execute(() -> {
                boolean written = false;
                try {
                    for (String key : List.copyOf(unwritten)) {
                        write(key);
                    }
                    written = true;
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "The data grid did not take this node's stream counts; they are written with the next change", e);
                } finally {
                    writingAside.set(false);
                }
                if (written) {
                    writeAside(); // keys counted while this run wrote
                }
            });
        } catch (RuntimeException rejected) {
            writingAside.set(false); // the application stops
        }
    }

    /**
     * The application stops while the grid's member may stay (a redeployment, an undeployment from some members): this
     * node's counts leave the grid now, else they stayed under a member that still counts, kept alive by the other
     * nodes' writes, and held places of {@code mcp.streams.max} and of their callers for good. Streams that end after
     * this count nothing more. Given up on at the first write the grid does not answer.
     */
    void withdraw() {
        Set<String> keys = new java.util.HashSet<>(local.keySet());
        keys.addAll(unwritten);
        local.clear();
        for (String key : keys) {
            try {
                write(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The data grid did not take this node's stream counts as the application stopped;"
                        + " the open streams it counted keep their places until its member leaves the cluster", e);
                return;
            }
        }
    }

    @Override
    public long total() {
        return sum(TOTAL);
    }

    @Override
    public long of(String quotaKey) {
        return sum("caller\n" + quotaKey);
    }

    private void change(String key, long delta) {
        local.compute(key, (k, count) -> {
            long next = (count == null ? 0 : count) + delta;
            return next > 0 ? next : null;
        });
    }

    /**
     * Writes this node's count of {@code key} as it is, again while it changed meanwhile; the key is no longer
     * unwritten once the grid has the count this node has.
     */
    private void write(String key) {
        String member = localMember.get();
        Set<String> members = this.members.get();
        for (int attempt = 0; attempt < 100; attempt++) {
            unwritten.remove(key);
            long[] written = {0};
            try {
                Caches.update(counts, key, current -> {
                    JsonObjectBuilder next = JsonFactory.createObjectBuilder();
                    if (current != null) {
                        for (var e : parse(current).entrySet()) {
                            if (!e.getKey().equals(member) && members.contains(e.getKey())) {
                                next.add(e.getKey(), e.getValue());
                            }
                        }
                    }
                    long mine = local.getOrDefault(key, 0L);
                    written[0] = mine;
                    if (mine > 0) {
                        next.add(member, mine);
                    }
                    JsonObject value = next.build();
                    return value.isEmpty() ? null : value.toString();
                });
            } catch (RuntimeException e) {
                unwritten.add(key);
                throw e;
            }
            if (local.getOrDefault(key, 0L) == written[0]) {
                return;
            }
        }
        unwritten.add(key); // changing faster than it is written: the next write takes it up
    }

    private long sum(String key) {
        String json = counts.get(key);
        if (json == null) {
            return 0;
        }
        Set<String> members = this.members.get();
        return parse(json).entrySet().stream().filter(e -> members.contains(e.getKey()))
                .mapToLong(e -> ((JsonNumber) e.getValue()).longValue()).sum();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
