package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.limits.RateLimit;

import javax.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generic cell rate algorithm of {@code RateLimiter}, with each key's "full again at" time kept in the grid and
 * changed by compare-and-set, so that a caller's requests count the same whichever node they reach. Times are the
 * nodes' wall clocks: the tolerance is their skew (on one host, none).
 */
final class GridRateCounter implements RateCounter {
    private final Cache<String, String> cells;
    private final String prefix;
    private final AtomicLong refused = new AtomicLong();

    GridRateCounter(Cache<String, String> cells, String name) {
        this.cells = cells;
        this.prefix = name + "\n";
    }

    @Override
    public Optional<Duration> acquire(String key, RateLimit limit) {
        long period = limit.per().toMillis();
        long interval = Math.max(1, period / limit.permits());
        long[] wait = {0};
        Caches.update(cells, prefix + key, current -> {
            long now = System.currentTimeMillis();
            long full = current == null ? now : Long.parseLong(current);
            long next = Math.max(full, now) + interval;
            if (next - now > period) {
                wait[0] = next - now - period;
                return current;
            }
            wait[0] = 0;
            return Long.toString(next);
        });
        if (wait[0] > 0) {
            refused.incrementAndGet();
            return Optional.of(Duration.ofMillis(wait[0]));
        }
        return Optional.empty();
    }

    @Override
    public long refused() {
        return refused.get();
    }
}
