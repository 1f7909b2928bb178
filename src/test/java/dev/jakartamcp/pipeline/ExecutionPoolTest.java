package dev.jakartamcp.pipeline;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutionPoolTest {
    private final ExecutionPool pool = new ExecutionPool(Executors.defaultThreadFactory());
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdown();
    }

    @Test
    void runsUpToTheBoundAtOnceAndRefusesOneMoreWithoutQueueing() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(3);
        Runnable held = () -> {
            started.countDown();
            await(release);
        };
        assertTrue(pool.offer(held, 3));
        assertTrue(pool.offer(held, 3));
        assertTrue(pool.offer(held, 3));
        assertTrue(started.await(5, TimeUnit.SECONDS), "three calls run at once");
        assertEquals(3, pool.running());
        assertFalse(pool.offer(() -> { }, 3), "a fourth is refused, not queued");
        assertEquals(3, pool.running());
        assertTrue(pool.offer(() -> { }, 4), "the bound is read per call (the setting is live)");
    }

    @Test
    void aFinishedCallFreesItsPlace() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(pool.offer(done::countDown, 1));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.running());
        CountDownLatch again = new CountDownLatch(1);
        assertTrue(pool.offer(again::countDown, 1));
        assertTrue(again.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailingCallFreesItsPlaceToo() throws InterruptedException {
        assertTrue(pool.offer(() -> {
            throw new IllegalStateException("the author's bug");
        }, 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.running());
    }

    @Test
    void afterShutdownEveryCallIsRefused() {
        pool.shutdown();
        assertFalse(pool.offer(() -> { }, 10));
        assertEquals(0, pool.running());
    }

    @Test
    void aThreadFactoryThatFailsTakesNoPlace() {
        ExecutionPool stopped = new ExecutionPool(r -> {
            throw new IllegalStateException("ManagedThreadFactory is stopped");
        });
        try {
            assertThrows(IllegalStateException.class, () -> stopped.offer(() -> { }, 1));
            assertEquals(0, stopped.running());
            assertThrows(IllegalStateException.class, () -> stopped.offer(() -> { }, 1), "tried again, not refused as full");
        } finally {
            stopped.shutdown();
        }
    }

    @Test
    void aThreadThatCannotStartTakesNoPlace() {
        ExecutionPool exhausted = new ExecutionPool(r -> new Thread(r) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread");
            }
        });
        try {
            assertThrows(OutOfMemoryError.class, () -> exhausted.offer(() -> { }, 1));
            assertEquals(0, exhausted.running());
        } finally {
            exhausted.shutdown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
