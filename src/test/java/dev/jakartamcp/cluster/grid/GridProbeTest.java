package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.cluster.GridReach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness probe counts the members that answered within its timeout, and reads a member that does not answer
 * no more often than its pending read ends.
 */
class GridProbeTest {
    private static final Duration TIMEOUT = Duration.ofMillis(150);

    private final GridProbe probe = new GridProbe();
    private final List<String> read = new CopyOnWriteArrayList<>();
    /** The key of the frozen member: its reads never end until thawed. */
    private final CompletableFuture<String> frozen = new CompletableFuture<>();

    private CompletableFuture<?> read(String key) {
        read.add(key);
        return key.equals("key-c") ? frozen : CompletableFuture.completedFuture("probe");
    }

    @Test
    void aFrozenMemberOfThreeLeavesAMajorityAndIsReadOnceUntilItAnswers() {
        Map<Object, String> keys = Map.of("a", "key-a", "b", "key-b", "c", "key-c");
        long started = System.nanoTime();
        GridReach first = probe.reach(keys, this::read, TIMEOUT);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(new GridReach(3, 2), first);
        assertTrue(first.majority() && !first.all());
        assertTrue(waitedMillis >= TIMEOUT.toMillis() && waitedMillis < 2_000, "waited the timeout, not more: " + waitedMillis);

        assertEquals(new GridReach(3, 2), probe.reach(keys, this::read, TIMEOUT));
        assertEquals(1, read.stream().filter("key-c"::equals).count(), "the frozen member's read is still pending: not sent again");
        assertEquals(2, read.stream().filter("key-a"::equals).count(), "the others are read by every probe");

        frozen.complete("probe");
        assertEquals(new GridReach(3, 3), probe.reach(keys, this::read, TIMEOUT));
        assertEquals(new GridReach(3, 3), probe.reach(keys, this::read, TIMEOUT));
        assertEquals(3, read.stream().filter("key-c"::equals).count(), "answered: read by every probe again");
    }

    /**
     * A frozen member's pending read is waited for only until its own timeout: a later probe does not wait again for a
     * read that has timed out already. Before, every probe waited the whole timeout for it, so a node that reached a
     * majority answered each probe only after 2 s, beyond a load balancer's probe timeout.
     */
    @Test
    void aLaterProbeDoesNotWaitAgainForAFrozenMembersReadThatHasTimedOut() {
        Map<Object, String> keys = Map.of("a", "key-a", "b", "key-b", "c", "key-c");
        Duration timeout = Duration.ofSeconds(1);
        long started = System.nanoTime();
        assertEquals(new GridReach(3, 2), probe.reach(keys, this::read, timeout));
        assertTrue(System.nanoTime() - started >= timeout.toNanos(), "the first probe waits for the read it sent");
        long again = System.nanoTime();
        assertEquals(new GridReach(3, 2), probe.reach(keys, this::read, timeout));
        long waitedMillis = (System.nanoTime() - again) / 1_000_000;
        assertTrue(waitedMillis < timeout.toMillis() / 2, "the pending read's timeout had passed: not waited for again, " + waitedMillis + " ms");
    }

    @Test
    void ofTwoMembersOneFrozenIsNoMajority() {
        GridReach reach = probe.reach(Map.of("b", "key-b", "c", "key-c"), this::read, TIMEOUT);
        assertEquals(new GridReach(2, 1), reach);
        assertTrue(!reach.majority());
    }

    @Test
    void aReadThatFailsIsNotAnAnswerAndAMemberThatLeftIsForgotten() {
        GridReach reach = probe.reach(Map.of("a", "key-a", "b", "key-b"), key -> {
            if (key.equals("key-b")) {
                throw new IllegalStateException("the member is leaving");
            }
            return read(key);
        }, TIMEOUT);
        assertEquals(new GridReach(2, 1), reach);
        assertEquals(new GridReach(1, 1), probe.reach(Map.of("a", "key-a"), this::read, TIMEOUT), "b left the cluster");
    }
}
