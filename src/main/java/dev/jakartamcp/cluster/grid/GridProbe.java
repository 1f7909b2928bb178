package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.cluster.GridReach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The readiness probe's reads: one key of each member's partitions, read asynchronously and waited for together at
 * most the probe's timeout. A member whose read of an earlier probe is still pending (frozen, cut off) is not read
 * again until that read ends, so a member that does not answer holds at most one read of the probe's, whatever the
 * rate of probes.
 */
final class GridProbe {
    /** The last read of each member, by the member's id; guarded by this. */
    private final Map<Object, CompletableFuture<?>> reads = new HashMap<>();

    /**
     * Reads {@code keyOfMember}'s keys through {@code read} and counts the members that answered within
     * {@code timeout}.
     */
    GridReach reach(Map<Object, String> keyOfMember, Function<String, CompletableFuture<?>> read, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<?>> waiting;
        synchronized (this) {
            reads.keySet().retainAll(keyOfMember.keySet()); // members that left
            keyOfMember.forEach((member, key) -> {
                CompletableFuture<?> last = reads.get(member);
                if (last == null || last.isDone()) {
                    CompletableFuture<?> next;
                    try {
                        next = read.apply(key);
                    } catch (RuntimeException e) {
                        next = CompletableFuture.failedFuture(e);
                    }
                    reads.put(member, next);
                }
            });
            waiting = new ArrayList<>(reads.values());
        }
        int answered = 0;
        for (CompletableFuture<?> each : waiting) {
            try {
                each.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                answered++;
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                // not answered (in time)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new GridReach(waiting.size(), answered);
    }
}
