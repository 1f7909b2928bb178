package dev.jakartamcp.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Counts requests per key against a {@link RateLimit} with the generic cell rate algorithm: each key holds one
 * number, the time its bucket will be full again, updated by compare-and-set, so the hot path takes no lock.
 * A key whose bucket is full is indistinguishable from an unknown one, which is what lets the table be swept.
 *
 * <p>The table holds at most {@code maxKeys} keys. When it is full and a sweep frees nothing (that many callers
 * were all active within their periods), a new key is let through untracked and counted in {@link #untracked()}:
 * an attacker who fills the table with fresh identities must not lock everybody else out, nor make every new caller
 * pay a pass over the whole table.
 */
public final class RateLimiter implements RateCounter {
    /** The mark of a bucket a sweep took out of the table; times are never negative (nanoseconds since the start). */
    private static final long SWEPT = Long.MIN_VALUE;

    private final Map<String, AtomicLong> cells = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final long origin;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicLong untracked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    private volatile long nothingFreedBefore = Long.MIN_VALUE;

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
        AtomicLong cell = cells.get(key);
        long now = nanoClock.getAsLong() - origin;
        while (true) {
            if (cell == null) {
                cell = newCell(key, now);
                if (cell == null) {
                    untracked.incrementAndGet();
                    return Optional.empty();
                }
            }
            long full = cell.get();
            if (full == SWEPT) {
                // a sweep dropped this bucket after we found it: count on the one in the table (or a new one)
                cells.remove(key, cell);
                cell = cells.get(key);
                continue;
            }
            CellStep step = CellStep.take(limit, full, now);
            if (step.fullAt() == full || cell.compareAndSet(full, step.fullAt())) {
                if (!step.allowed()) {
                    refused.incrementAndGet();
                }
                return step.waitTime();
            }
        }
    }

    private AtomicLong newCell(String key, long now) {
        if (cells.size() >= maxKeys) {
            sweep(now);
            if (cells.size() >= maxKeys) {
                return null;
            }
        }
        AtomicLong fresh = new AtomicLong(now);
        AtomicLong existing = cells.putIfAbsent(key, fresh);
        if (existing != null) {
            return existing;
        }
        nothingFreedBefore = Long.MIN_VALUE; // the new key may be free before any the last sweep left
        return fresh;
    }

    /**
     * Drops the keys whose buckets are full, and remembers when the earliest of those left will be, before which no
     * sweep can free anything: while every tracked caller is active, new callers cost no pass over the whole table.
     * A bucket is marked {@link #SWEPT} by compare-and-set before it leaves the table, so a request that counts on it
     * at the same time either comes first (and the bucket stays) or sees the mark and counts on the table's.
     */
    private void sweep(long now) {
        if (now < nothingFreedBefore || !sweeping.tryLock()) {
            return;
        }
        try {
            long earliest = Long.MAX_VALUE;
            for (Map.Entry<String, AtomicLong> entry : cells.entrySet()) {
                AtomicLong cell = entry.getValue();
                long fullAt = cell.get();
                if (fullAt <= now && cell.compareAndSet(fullAt, SWEPT)) {
                    cells.remove(entry.getKey(), cell);
                } else {
                    earliest = Math.min(earliest, cell.get()); // counted on meanwhile, if the mark failed
                }
            }
            nothingFreedBefore = earliest;
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
