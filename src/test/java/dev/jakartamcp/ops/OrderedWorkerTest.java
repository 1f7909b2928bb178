package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedWorkerTest {

    @Test
    void itemsAreHandledOffTheSubmittingThreadInOrder() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 100_000, i -> {
                handled.add(i);
                threads.add(Thread.currentThread());
            });
            for (int i = 0; i < 10_000; i++) {
                worker.submit(i);
            }
            assertTrue(worker.awaitHandled(Duration.ofSeconds(10)));
            assertEquals(10_000, handled.size());
            for (int i = 0; i < handled.size(); i++) {
                assertEquals(i, handled.get(i));
            }
            assertFalse(threads.contains(Thread.currentThread()), "never on the submitting thread while the backlog is within bounds");
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * A handler that blocks (an observer of the application that never returns) held every submitter in a wait with no
     * end once the backlog was full: the server's request threads, one after the other. With a stall timeout the wait
     * ends, further items are refused, and the worker goes on as before once the handler finishes an item.
     */
    @Test
    void aBlockedHandlerStallsTheWorkerAfterTheTimeoutInsteadOfHoldingSubmittersForever() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 3, () -> Duration.ofMillis(300), i -> {
                if (i == 0) {
                    blocked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                handled.add(i);
            });
            assertTrue(worker.submit(0));
            assertTrue(blocked.await(5, TimeUnit.SECONDS));
            long started = System.nanoTime(); // before the stall clock starts (with item 1, the backlog empty before it)
            for (int i = 1; i <= 3; i++) {
                assertTrue(worker.submit(i), "within the bound: queued at once");
            }
            assertFalse(worker.stalled());
            assertTrue(worker.submit(4), "beyond the bound: queued, and the submitter waits for room until the stall timeout");
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waitedMillis >= 250 && waitedMillis < 5_000, "waited " + waitedMillis + " ms");
            assertTrue(worker.stalled());
            assertFalse(worker.submit(5), "stalled: refused at once, the backlog does not grow");
            assertEquals(4, worker.backlogSize());
            assertEquals(4, worker.handleAll(Duration.ofMillis(200)), "a stop gives up on a stalled handler after its bound");
            release.countDown();
            assertTrue(worker.awaitHandled(Duration.ofSeconds(10)));
            assertEquals(List.of(0, 1, 2, 3, 4), handled, "nothing queued is lost or reordered");
            assertFalse(worker.stalled());
            assertTrue(worker.submit(6));
            assertTrue(worker.awaitHandled(Duration.ofSeconds(10)));
            assertEquals(List.of(0, 1, 2, 3, 4, 6), handled);
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    /**
     * At a stop, a handler that is slow but moves is waited for until the backlog is done, its bound counted from the
     * last item handled: counted from the start, a backlog that took longer than the bound was cut and reported as
     * stalled (an audit observer writing each record somewhere slow).
     */
    @Test
    void aStopWaitsForASlowHandlerThatMovesBeyondItsBound() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 1000, () -> Duration.ofSeconds(5), i -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handled.add(i);
            });
            for (int i = 0; i < 40; i++) {
                assertTrue(worker.submit(i));
            }
            // 40 items of 20 ms each: far beyond a bound of 100 ms in all, never 100 ms without one handled
            assertEquals(0, worker.handleAll(Duration.ofMillis(100)));
            assertEquals(40, handled.size());
        } finally {
            executor.shutdownNow();
        }
    }

    /** A handler that is slow but moves never counts as stalled, however long the backlog stays full. */
    @Test
    void aSlowHandlerThatMovesIsNoStall() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            // the backlog stays full for about two seconds, four times the stall timeout: only the handler's progress
            // keeps the worker from counting as stalled
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 2, () -> Duration.ofMillis(500), i -> {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long started = System.nanoTime();
            for (int i = 0; i < 80; i++) {
                assertTrue(worker.submit(i), "item " + i);
                assertFalse(worker.stalled(), "item " + i);
            }
            assertTrue(System.nanoTime() - started > Duration.ofMillis(1500).toNanos(), "the backlog was full longer than the stall timeout");
            assertTrue(worker.awaitHandled(Duration.ofSeconds(10)));
            assertFalse(worker.stalled());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aFullBacklogHoldsTheSubmitterBackWithoutLosingOrReordering() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 10, i -> {
                if (i == 0) {
                    try {
                        // the task is stuck on the first item until the submitter has helped
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                handled.add(i);
                threads.add(Thread.currentThread());
            });
            worker.submit(0);
            while (handled.isEmpty() && worker.backlogSize() > 0) {
                Thread.onSpinWait();
            }
            Thread helper = new Thread(() -> {
                for (int i = 1; i <= 30; i++) {
                    worker.submit(i);
                }
            });
            helper.start();
            Thread.sleep(200);
            assertTrue(helper.isAlive(), "the submitter waits for room while the backlog is full");
            assertTrue(worker.backlogSize() <= 11, "the backlog stays within its bound (plus the item of the waiting submitter)");
            release.countDown();
            helper.join(10_000);
            assertTrue(worker.awaitHandled(Duration.ofSeconds(10)));
            assertEquals(31, handled.size());
            for (int i = 0; i < handled.size(); i++) {
                assertEquals(i, handled.get(i), "in order");
            }
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void aSubmitterHandlesTheBacklogItselfWhileNobodyElseDoes() {
        List<Integer> handled = new ArrayList<>();
        // the executor takes the task but never runs it (a starved or lost thread)
        OrderedWorker<Integer> worker = new OrderedWorker<>("test", task -> { }, () -> 10, handled::add);
        for (int i = 0; i < 100; i++) {
            worker.submit(i);
            assertTrue(worker.backlogSize() <= 10, "within the bound when submit returns, after item " + i);
        }
        assertTrue(handled.size() >= 90, "the submitter handled the items beyond the bound itself: " + handled.size());
        for (int i = 0; i < handled.size(); i++) {
            assertEquals(i, handled.get(i), "oldest first");
        }
    }

    @Test
    void manySubmittersOverTheBoundKeepEachOnesOrderAndLoseNothing() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        ExecutorService submitters = Executors.newFixedThreadPool(16);
        try {
            List<long[]> handled = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<long[]> worker = new OrderedWorker<>("test", executor, () -> 20, item -> {
                handled.add(item);
                Thread.onSpinWait();
            });
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                long submitter = t;
                done.add(submitters.submit(() -> {
                    for (long i = 0; i < 2_000; i++) {
                        worker.submit(new long[]{submitter, i});
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(worker.awaitHandled(Duration.ofSeconds(30)));
            assertEquals(16 * 2_000, handled.size());
            long[] next = new long[16];
            for (long[] item : handled) {
                assertEquals(next[(int) item[0]]++, item[1], "submitter " + item[0] + "'s items in its order");
            }
        } finally {
            submitters.shutdownNow();
            executor.shutdownNow();
        }
    }

    @Test
    void aRefusingExecutorMeansTheSubmitterHandlesTheItem() {
        List<Integer> handled = new ArrayList<>();
        OrderedWorker<Integer> worker = new OrderedWorker<>("test", r -> {
            throw new RejectedExecutionException("stopping");
        }, () -> 10, handled::add);
        worker.submit(1);
        worker.submit(2);
        assertEquals(List.of(1, 2), handled);
        assertTrue(worker.awaitHandled(Duration.ZERO));
    }

    @Test
    void aFailingItemDoesNotStopTheOthers() throws Exception {
        assertEquals(List.of(0, 2), handledWhenItemOneThrows(Executors.newSingleThreadExecutor(), new IllegalStateException("broken")));
    }

    @Test
    void anItemThatThrowsAnErrorDoesNotStopTheTask() throws Exception {
        assertEquals(List.of(0, 2), handledWhenItemOneThrows(OrderedWorker.oneThread(Executors.defaultThreadFactory()),
                new AssertionError("an observer's assertion")), "item 2 is handled after item 1 failed");
    }

    /** The items a worker on {@code executor} handles of 0, 1, 2 when handling item 1 throws {@code failure}. */
    private static List<Integer> handledWhenItemOneThrows(ExecutorService executor, Throwable failure) throws Exception {
        try {
            List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 100, i -> {
                if (i == 1) {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure;
                }
                handled.add(i);
            });
            worker.submit(0);
            worker.submit(1);
            worker.submit(2);
            assertTrue(worker.awaitHandled(Duration.ofSeconds(5)));
            return List.copyOf(handled);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aFatalErrorIsRethrownButTheNextSubmitSchedulesTheTaskAgain() throws Exception {
        List<Runnable> tasks = new ArrayList<>();
        List<Integer> handled = new ArrayList<>();
        OrderedWorker<Integer> worker = new OrderedWorker<>("test", tasks::add, () -> 100, i -> {
            if (i == 1) {
                throw new OutOfMemoryError("simulated");
            }
            handled.add(i);
        });
        worker.submit(1);
        assertEquals(1, tasks.size());
        assertThrows(OutOfMemoryError.class, () -> tasks.get(0).run());
        worker.submit(2);
        assertEquals(2, tasks.size(), "the task was scheduled again");
        tasks.get(1).run();
        assertEquals(List.of(2), handled);
        assertTrue(worker.awaitHandled(Duration.ZERO));
    }

    @Test
    void awaitHandledTimesOutWhileWorkIsStuck() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            OrderedWorker<Integer> worker = new OrderedWorker<>("test", executor, () -> 100, i -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.submit(0);
            assertFalse(worker.awaitHandled(Duration.ofMillis(100)));
            release.countDown();
            assertTrue(worker.awaitHandled(Duration.ofSeconds(5)));
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }
}
