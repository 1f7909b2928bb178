package dev.jakartamcp.pipeline;

import dev.jakartamcp.pipeline.ExecutionPool.Admission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutionPoolTest {
    private final ExecutionPool pool = new ExecutionPool(Executors.defaultThreadFactory());
    private final CountDownLatch release = new CountDownLatch(1);

    /** Offered by one caller whose own bound is never reached. */
    private static boolean offer(ExecutionPool pool, Runnable work, int max) {
        Admission admission = pool.offer(() -> work, max, "one caller", Integer.MAX_VALUE);
        assertTrue(admission != Admission.CALLER_FULL, admission::toString);
        return admission == Admission.STARTED;
    }

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdown();
    }

    @Test
    void runsUpToTheBoundAtOnceAndRefusesOneMoreWithoutQueueing() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(3);
        Runnable held = heldUntilReleased(started);
        assertTrue(offer(pool, held, 3));
        assertTrue(offer(pool, held, 3));
        assertTrue(offer(pool, held, 3));
        assertTrue(started.await(5, TimeUnit.SECONDS), "three calls run at once");
        assertEquals(3, pool.running());
        assertFalse(offer(pool, () -> { }, 3), "a fourth is refused, not queued");
        assertEquals(3, pool.running());
        assertTrue(offer(pool, () -> { }, 4), "the bound is read per call (the setting is live)");
    }

    @Test
    void aFinishedCallFreesItsPlace() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        assertTrue(offer(pool, done::countDown, 1));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.running());
        CountDownLatch again = new CountDownLatch(1);
        assertTrue(offer(pool, again::countDown, 1));
        assertTrue(again.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailingCallFreesItsPlaceToo() throws InterruptedException {
        assertTrue(offer(pool, () -> {
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
        assertFalse(offer(pool, () -> { }, 10));
        assertEquals(0, pool.running());
    }

    @Test
    void aThreadFactoryThatFailsTakesNoPlace() {
        ExecutionPool stopped = new ExecutionPool(r -> {
            throw new IllegalStateException("ManagedThreadFactory is stopped");
        });
        try {
            assertThrows(IllegalStateException.class, () -> offer(stopped, () -> { }, 1));
            assertEquals(0, stopped.running());
            assertEquals(0, stopped.callers());
            assertThrows(IllegalStateException.class, () -> offer(stopped, () -> { }, 1), "tried again, not refused as full");
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
            assertThrows(OutOfMemoryError.class, () -> offer(exhausted, () -> { }, 1));
            assertEquals(0, exhausted.running());
            assertEquals(0, exhausted.callers());
        } finally {
            exhausted.shutdown();
        }
    }

    @Test
    void oneCallerRunsUpToItsOwnBoundAndTheOthersStillGetTheirs() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(4);
        Runnable held = heldUntilReleased(started);
        assertEquals(Admission.STARTED, pool.offer(() -> held, 10, "alice", 2));
        assertEquals(Admission.STARTED, pool.offer(() -> held, 10, "alice", 2));
        assertEquals(Admission.CALLER_FULL, pool.offer(() -> () -> { }, 10, "alice", 2), "alice's third is refused");
        assertEquals(1, pool.refusedPerCaller());
        assertEquals(Admission.STARTED, pool.offer(() -> held, 10, "bob", 2), "bob is not held back by alice");
        assertEquals(Admission.STARTED, pool.offer(() -> held, 10, "alice", 3), "the caller's bound is read per call too");
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(4, pool.running());
        assertEquals(Admission.SERVER_FULL, pool.offer(() -> () -> { }, 4, "carol", 2), "the server's bound still holds");
        assertEquals(1, pool.refusedPerCaller(), "counted only for the caller's bound");
        assertEquals(1, pool.refusedOnServer(), "counted for the server's bound");
        assertEquals(2, pool.callers(), "carol's refused call left no entry");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((pool.running() > 0 || pool.callers() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.running());
        assertEquals(0, pool.callers(), "a caller without running calls takes no entry");
    }

    @Test
    void aRefusedCallIsNotPrepared() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Runnable held = heldUntilReleased(started);
        AtomicInteger prepared = new AtomicInteger();
        Supplier<Runnable> preparing = () -> {
            prepared.incrementAndGet();
            return held;
        };
        assertEquals(Admission.STARTED, pool.offer(preparing, 1, "alice", 1));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(Admission.CALLER_FULL, pool.offer(preparing, 2, "alice", 1));
        assertEquals(Admission.SERVER_FULL, pool.offer(preparing, 1, "bob", 1));
        assertEquals(1, prepared.get(), "only the admitted call was prepared");
    }

    @Test
    void aPreparationThatFailsTakesNoPlace() {
        IllegalStateException failure = new IllegalStateException("the context could not be captured");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.offer(() -> {
            throw failure;
        }, 1, "alice", 1));
        assertSame(failure, thrown);
        assertEquals(0, pool.running());
        assertEquals(0, pool.callers());
        assertEquals(0, pool.refusedOnServer() + pool.refusedPerCaller(), "not counted as refused");
    }

    @Test
    void manyCallersLeaveNoEntriesBehind() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Admission.STARTED, pool.offer(() -> done::countDown, 2000, "caller " + i, 1));
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.callers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.callers());
    }

    /** Many threads offering one caller's calls at once: never more than its bound run, and no count is lost. */
    @Test
    void oneCallersBoundHoldsUnderContention() throws InterruptedException {
        int bound = 3;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        Runnable work = () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            inside.decrementAndGet();
            started.incrementAndGet();
        };
        ExecutorService offering = Executors.newFixedThreadPool(8);
        int[] admitted = new int[8];
        for (int t = 0; t < 8; t++) {
            int thread = t;
            offering.execute(() -> {
                for (int i = 0; i < 2000; i++) {
                    if (pool.offer(() -> work, 1000, "gateway", bound) == Admission.STARTED) {
                        admitted[thread]++;
                    }
                }
            });
        }
        offering.shutdown();
        assertTrue(offering.awaitTermination(60, TimeUnit.SECONDS));
        int total = Arrays.stream(admitted).sum();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((started.get() < total || pool.callers() > 0 || pool.running() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(total > 0);
        assertEquals(total, started.get(), "every admitted call ran");
        assertTrue(most.get() <= bound, "at most " + bound + " ran at once: " + most.get());
        assertEquals(0, pool.running());
        assertEquals(0, pool.callers(), "the count was removed once the calls ended");
        assertEquals(16_000 - total, pool.refusedPerCaller(), "every other offer was refused for the caller's bound");
    }

    /** Work that counts {@code started} down, then runs until the test releases it. */
    private Runnable heldUntilReleased(CountDownLatch started) {
        return () -> {
            started.countDown();
            await(release);
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
