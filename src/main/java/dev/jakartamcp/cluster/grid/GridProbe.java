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
 * rate of probes; and that read is waited for only until its own timeout, counted from when it began, so a frozen
 * member costs a probe nothing once its read has timed out (every probe waited the whole timeout for it, longer than
 * a load balancer's probe may take, while the node was in fact ready).
 */
final class GridProbe {
    /** The last read of each member, by the member's id; guarded by this. */
    private final Map<Object, Read> reads = new HashMap<>();

    /** A read and the moment ({@link System#nanoTime()}) its wait ends. */
    private record Read(CompletableFuture<?> future, long deadline) {
    }

    /**
     * Reads {@code keyOfMember}'s keys through {@code read} and counts the members that answered within
     * {@code timeout}.
     */
    GridReach reach(Map<Object, String> keyOfMember, Function<String, CompletableFuture<?>> read, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Read> waiting;
        synchronized (this) {
            reads.keySet().retainAll(keyOfMember.keySet()); // members that left
            keyOfMember.forEach((member, key) -> {
                Read last = reads.get(member);
                if (last == null || last.future().isDone()) {
                    CompletableFuture<?> next;
                    try {
                        next = read.apply(key);
                    } catch (RuntimeException e) {
                        next = CompletableFuture.failedFuture(e);
                    }
                    reads.put(member, new Read(next, deadline));
                }
            });
            waiting = new ArrayList<>(reads.values());
        }
        int answered = 0;
        for (Read each : waiting) {
            try {
                each.future().get(Math.max(0, Math.min(deadline, each.deadline()) - System.nanoTime()), TimeUnit.NANOSECONDS);
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
