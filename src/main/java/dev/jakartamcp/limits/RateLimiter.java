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
 * an attacker who fills the table with fresh identities must not lock everybody else out.
 */
public final class RateLimiter implements RateCounter {
    private final Map<String, AtomicLong> cells = new ConcurrentHashMap<>();
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final long origin;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicLong untracked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

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
        AtomicLong cell = cells.get(key);
        if (cell == null) {
            cell = newCell(key, now);
            if (cell == null) {
                untracked.incrementAndGet();
                return Optional.empty();
            }
        }
        while (true) {
            long full = cell.get();
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
        return existing != null ? existing : fresh;
    }

    private void sweep(long now) {
        if (sweeping.tryLock()) {
            try {
                cells.values().removeIf(cell -> cell.get() <= now);
            } finally {
                sweeping.unlock();
            }
        }
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
