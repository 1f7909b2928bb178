package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.transport.StreamCounts;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Set;

/**
 * Open long-lived streams counted cluster-wide: per key (a caller's quota key, and {@value #TOTAL} for all) one entry
 * with each node's count, so that the counts of a node that died stop counting as soon as it leaves the cluster.
 */
final class GridStreamCounts implements StreamCounts {
    static final String TOTAL = "*";

    private final GridCache counts;
    private final JCacheGrid grid;

    GridStreamCounts(GridCache counts, JCacheGrid grid) {
        this.counts = counts;
        this.grid = grid;
    }

    @Override
    public void add(String quotaKey, int delta) {
        change(TOTAL, delta);
        change("caller\n" + quotaKey, delta);
    }

    @Override
    public long total() {
        return sum(TOTAL);
    }

    @Override
    public long of(String quotaKey) {
        return sum("caller\n" + quotaKey);
    }

    private void change(String key, int delta) {
        String member = grid.localMember();
        Set<String> members = grid.members();
        Caches.update(counts, key, current -> {
            JsonObjectBuilder next = JsonFactory.createObjectBuilder();
            long mine = delta;
            if (current != null) {
                for (var e : parse(current).entrySet()) {
                    if (e.getKey().equals(member)) {
                        mine += ((JsonNumber) e.getValue()).longValue();
                    } else if (members.contains(e.getKey())) {
                        next.add(e.getKey(), e.getValue());
                    }
                }
            }
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
        Set<String> members = grid.members();
        return parse(json).entrySet().stream().filter(e -> members.contains(e.getKey()))
                .mapToLong(e -> ((JsonNumber) e.getValue()).longValue()).sum();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
