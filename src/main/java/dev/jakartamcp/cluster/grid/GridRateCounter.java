package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.limits.CellStep;
import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.limits.RateLimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The generic cell rate algorithm of {@code RateLimiter} ({@link CellStep}), with each key's "full again at" time
 * (in nanoseconds) kept in the grid and changed by compare-and-set, so that a caller's requests count the same
 * whichever node they reach. Times are the nodes' wall clocks: the tolerance is their skew (on one host, none).
 * <p>
 * An entry lives until its bucket is full again (and {@link #SKEW_MARGIN} more), whatever the period: then it is
 * indistinguishable from an absent one, as a swept key is in {@code RateLimiter}. The cache's own expiry (a day)
 * would forget a caller of a weekly limit after a day.
 */
final class GridRateCounter implements RateCounter {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** How much longer than its bucket needs an entry stays, for nodes whose clocks are behind the writer's. */
    static final Duration SKEW_MARGIN = Duration.ofMinutes(1);

    private final GridCache cells;
    private final String prefix;
    private final AtomicLong refused = new AtomicLong();
    private final LongSupplier millisClock;

    GridRateCounter(GridCache cells, String name) {
        this(cells, name, System::currentTimeMillis);
    }

    GridRateCounter(GridCache cells, String name, LongSupplier millisClock) {
        this.cells = cells;
        // nanoseconds, so that a permit shorter than a millisecond is counted exactly, with the interval of the limit
        // they were counted in ("<full at> <interval>"); under a key of their own, so that a node which kept only the
        // time under "<name>.ns\n" (or milliseconds under "<name>\n") never reads them
        this.prefix = name + ".cell\n";
        this.millisClock = millisClock;
    }

    @Override
    public Optional<Duration> acquire(String key, RateLimit limit) {
        CellStep[] taken = {null};
        Caches.update(cells, prefix + key, current -> {
            long now = millisClock.getAsLong() * NANOS_PER_MILLI;
            int space = current == null ? -1 : current.indexOf(' ');
            CellStep step = space < 0 ? CellStep.take(limit, now, 0, now)
                    : CellStep.take(limit, Long.parseLong(current, 0, space, 10), Long.parseLong(current, space + 1, current.length(), 10), now);
            taken[0] = step;
            return step.fullAt() + " " + step.interval();
        }, written -> lifetime(Long.parseLong(written, 0, written.indexOf(' '), 10)));
        if (!taken[0].allowed()) {
            refused.incrementAndGet();
        }
        return taken[0].waitTime();
    }

    private Duration lifetime(long fullAt) {
        return Duration.ofNanos(Math.max(0, fullAt - millisClock.getAsLong() * NANOS_PER_MILLI)).plus(SKEW_MARGIN);
    }

    @Override
    public long refused() {
        return refused.get();
    }
}
