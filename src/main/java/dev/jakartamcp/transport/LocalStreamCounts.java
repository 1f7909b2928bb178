package dev.jakartamcp.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Stream counts of this server alone. */
public final class LocalStreamCounts implements StreamCounts {
    private final AtomicLong total = new AtomicLong();
    private final Map<String, AtomicLong> perCaller = new ConcurrentHashMap<>();

    @Override
    public void add(String quotaKey, int delta) {
        total.addAndGet(delta);
        perCaller.compute(quotaKey, (k, count) -> {
            AtomicLong c = count == null ? new AtomicLong() : count;
            return c.addAndGet(delta) <= 0 ? null : c;
        });
    }

    @Override
    public long total() {
        return total.get();
    }

    @Override
    public long of(String quotaKey) {
        AtomicLong count = perCaller.get(quotaKey);
        return count == null ? 0 : count.get();
    }
}
