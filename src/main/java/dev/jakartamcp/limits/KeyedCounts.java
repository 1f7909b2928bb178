package dev.jakartamcp.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Things running at once per key (a caller, an item), each count bounded when it is taken up, and held only while it
 * is above zero, so that there are never more entries than things running. A count is changed by compare-and-set, not
 * under the map's lock: the calls of one key arrive on many threads at once, and a contended lock parks them. A count
 * that drops to zero is retired (-1) and removed; an {@link #enter} that finds a retired count removes it itself and
 * starts anew.
 */
public final class KeyedCounts {
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** The count of {@code key}, taken one up, to be given to {@link #exit}; null when {@code max} run already. */
    public AtomicInteger enter(String key, int max) {
        while (true) {
            AtomicInteger count = counts.get(key);
            if (count == null) {
                count = counts.computeIfAbsent(key, k -> new AtomicInteger());
            }
            int now = count.get();
            if (now < 0) {
                counts.remove(key, count); // retired: its remover may not have got to it yet
                continue;
            }
            if (now >= max) {
                return null;
            }
            if (count.compareAndSet(now, now + 1)) {
                return count;
            }
        }
    }

    /** One of {@code key} ended: {@code count} is what {@link #enter} gave. */
    public void exit(String key, AtomicInteger count) {
        if (count.decrementAndGet() == 0 && count.compareAndSet(0, -1)) {
            counts.remove(key, count);
        }
    }

    /** Keys with something running: the entries held. */
    public int keys() {
        return counts.size();
    }

    /** What runs of {@code key} now. */
    public int running(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : Math.max(0, count.get());
    }
}
