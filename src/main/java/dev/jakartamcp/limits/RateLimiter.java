package dev.jakartamcp.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Counts requests per key against a {@link RateLimit} with the generic cell rate algorithm: each key holds the time
 * its bucket will be full again (and the limit's interval it was counted in), updated by compare-and-set on the
 * table's value, so the hot path takes no lock of its own.
 * A key whose bucket is full is indistinguishable from an unknown one, which is what lets the table be swept.
 *
 * <p>The table holds at most {@code maxKeys} keys. When it is full and a sweep frees nothing (that many callers
 * were all active within their periods), a new key is let through untracked and counted in {@link #untracked()}:
 * an attacker who fills the table with fresh identities must not lock everybody else out, nor make every new caller
 * pay a pass over the whole table. A full table is passed over at most once every 100 ms, so that with callers
 * coming and going each pass frees a batch of keys; new callers meanwhile are let through untracked.
 */
public final class RateLimiter implements RateCounter {
    /** The least time between two passes over a full table (100 ms). */
    static final long PASS_SPACING_NANOS = 100_000_000L;

    /** A key's bucket: full again at {@code fullAt} (nanoseconds since the start), in uses of {@code interval} each. */
    private record Cell(long fullAt, long interval) {
    }

    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final long origin;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicLong untracked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    /** Before this time no key of the table can be free: lowered by each key added, raised by a sweep. */
    private final AtomicLong nothingFreedBefore = new AtomicLong(Long.MIN_VALUE);
    private volatile long nextPassAt = Long.MIN_VALUE;

    public RateLimiter(int maxKeys) {
        this(maxKeys, System::nanoTime);
    }

    public RateLimiter(int maxKeys, LongSupplier nanoClock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
    }

    @Override
    public Optional<Duration> acquire(String key, RateLimit limit) {
        long now = nanoClock.getAsLong() - origin;
        while (true) {
            Cell cell = cells.get(key);
            if (cell == null) {
                if (!roomFor(now)) {
                    untracked.incrementAndGet();
                    return Optional.empty();
                }
                CellStep step = CellStep.take(limit, now, 0, now);
                if (cells.putIfAbsent(key, new Cell(step.fullAt(), step.interval())) != null) {
                    continue; // counted on by another request meanwhile: count on that one
                }
                // lowered, not dropped: the new key may be free before any the last sweep left, but nothing before both
                nothingFreedBefore.accumulateAndGet(step.fullAt(), Math::min);
                return counted(step);
            }
            CellStep step = CellStep.take(limit, cell.fullAt(), cell.interval(), now);
            Cell next = new Cell(step.fullAt(), step.interval());
            // compare-and-set on the table's value: a sweep that removed the cell meanwhile makes this fail, and the
            // request counts on the table's new cell (or a new one)
            if (next.equals(cell) || cells.replace(key, cell, next)) {
                return counted(step);
            }
        }
    }

    private Optional<Duration> counted(CellStep step) {
        if (!step.allowed()) {
            refused.incrementAndGet();
        }
        return step.waitTime();
    }

    /** Whether the table may take one more key, after a sweep when it is full. */
    private boolean roomFor(long now) {
        if (cells.size() >= maxKeys) {
            sweep(now);
            return cells.size() < maxKeys;
        }
        return true;
    }

    /**
     * Drops the keys whose buckets are full, and remembers when the earliest of those left will be, before which no
     * sweep can free anything: while every tracked caller is active, new callers cost no pass over the whole table.
     * A bucket leaves the table only as it was seen ({@code remove(key, cell)}), so a request that counts on it at the
     * same time either comes first (and the bucket stays) or finds it gone and counts on the table's.
     */
    private void sweep(long now) {
        if (now < nothingFreedBefore.get() || now < nextPassAt || !sweeping.tryLock()) {
            return;
        }
        try {
            // a key added during the pass, after the pass went by its place, lowers this from here on, and the pass's
            // own finding below does not raise it again
            nothingFreedBefore.set(Long.MAX_VALUE);
            long earliest = Long.MAX_VALUE;
            for (Map.Entry<String, Cell> entry : cells.entrySet()) {
                Cell cell = entry.getValue();
                if (cell.fullAt() > now || !cells.remove(entry.getKey(), cell)) {
                    Cell current = cells.get(entry.getKey()); // counted on meanwhile, if the removal failed
                    earliest = Math.min(earliest, current == null ? cell.fullAt() : current.fullAt());
                }
            }
            nothingFreedBefore.accumulateAndGet(earliest, Math::min);
            nextPassAt = now + PASS_SPACING_NANOS;
            sweeps.incrementAndGet();
        } finally {
            sweeping.unlock();
        }
    }

    /** Passes over the table so far. */
    long sweeps() {
        return sweeps.get();
    }

    /** Keys currently tracked. */
    public int size() {
        return cells.size();
    }

    /** Requests let through untracked because the table was full. */
    public long untracked() {
        return untracked.get();
    }

    @Override
    public long refused() {
        return refused.get();
    }
}
