package dev.jakartamcp.cluster.grid;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps of a node's stop that ask the grid: bounded as every grid call is, none kept from running by another's failure. */
class GridCloseTest {

    @Test
    void aStepTheGridDoesNotAnswerDoesNotHoldTheStopBeyondTheBound() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        boolean done = JCacheGrid.within(Duration.ofMillis(200), "test-grid-close", List.of(() -> {
            try {
                never.await(); // a deregistration waiting for a frozen member
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(done);
        assertTrue(waitedMillis >= 150 && waitedMillis < 5_000, "waited " + waitedMillis + " ms");
        never.countDown();
    }

    @Test
    void aFailedStepLeavesTheOthersToRun() {
        List<String> ran = new CopyOnWriteArrayList<>();
        boolean done = JCacheGrid.within(Duration.ofSeconds(10), "test-grid-close", List.of(
                () -> ran.add("first"),
                () -> {
                    throw new IllegalStateException("the grid is gone already");
                },
                () -> ran.add("third")));
        assertTrue(done);
        assertEquals(List.of("first", "third"), ran);
    }
}
