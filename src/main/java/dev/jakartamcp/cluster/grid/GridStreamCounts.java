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
 * Each node keeps its own counts in memory and writes them to the grid as they are, never as a change: a write the
 * grid does not answer in time ({@code mcp.cluster.grid-timeout}), and that it may still apply later, then leaves at
 * worst an older count of this node, which the next write of that key puts right (keys whose write failed are
 * written again at this node's next change of any count), instead of a change counted twice or never undone.
 */
final class GridStreamCounts implements StreamCounts {
    static final String TOTAL = "*";
    private static final Logger LOG = Logger.getLogger(GridStreamCounts.class.getName());

    private final GridCache counts;
    private final java.util.function.Supplier<String> localMember;
    private final java.util.function.Supplier<Set<String>> members;
    /** This node's counts by grid key; a key whose count is 0 is dropped (bounded by the streams open on this node). */
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    /** Keys whose last write the grid did not take. */
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();

    GridStreamCounts(GridCache counts, JCacheGrid grid) {
        this(counts, grid::localMember, grid::members);
    }

    GridStreamCounts(GridCache counts, java.util.function.Supplier<String> localMember, java.util.function.Supplier<Set<String>> members) {
        this.counts = counts;
        this.localMember = localMember;
        this.members = members;
    }

    /**
     * Changes this node's count here at once, then writes it to the grid. An increase the grid did not take is undone
     * here and thrown (the stream is not admitted); a decrease the grid did not take is written with the next change
     * instead, so that ending a stream never fails.
     */
    @Override
    public void add(String quotaKey, int delta) {
        String caller = "caller\n" + quotaKey;
        change(TOTAL, delta);
        change(caller, delta);
        unwritten.add(TOTAL);
        unwritten.add(caller);
        try {
            for (String key : List.copyOf(unwritten)) {
                unwritten.remove(key);
                try {
                    write(key);
                } catch (RuntimeException e) {
                    unwritten.add(key);
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            if (delta > 0) {
                change(TOTAL, -delta);
                change(caller, -delta);
                throw e;
            }
            LOG.log(Level.FINE, "The data grid did not take this node's stream counts; they are written with the next change", e);
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

    /** Writes this node's count of {@code key} as it is when the write is made (and again at each retry of it). */
    private void write(String key) {
        String member = localMember.get();
        Set<String> members = this.members.get();
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
            if (mine > 0) {
                next.add(member, mine);
            }
            JsonObject written = next.build();
            return written.isEmpty() ? null : written.toString();
        });
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
