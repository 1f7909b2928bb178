package dev.jakartamcp.pipeline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads for calls, at most a given number busy at once, at most another given number of them for one caller, and no
 * queue: a call beyond either bound is refused at once rather than left waiting behind others. Threads idle for a
 * minute end. The per-caller counts hold an entry only while its caller has a call running or being admitted, so there
 * are never more entries than such calls.
 */
final class ExecutionPool {
    /** What became of an offered call. */
    enum Admission {
        STARTED, SERVER_FULL, CALLER_FULL
    }

    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicLong refusedPerCaller = new AtomicLong();

    ExecutionPool(ThreadFactory threads) {
        // the bounds are counted in offer(); the executor only hands each admitted call to an idle or a new thread
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /**
     * Starts {@code work} unless {@code callerMax} calls of {@code caller} or {@code max} calls in all run already.
     * Throws what the thread factory throws when no thread can be had for it (a stopped container's factory, no native
     * thread left): then nothing runs.
     */
    Admission offer(Runnable work, int max, String caller, int callerMax) {
        int[] ofCaller = new int[1];
        perCaller.compute(caller, (key, count) -> ofCaller[0] = count == null ? 1 : count + 1);
        if (ofCaller[0] > callerMax) {
            release(caller);
            refusedPerCaller.incrementAndGet();
            return Admission.CALLER_FULL;
        }
        if (running.incrementAndGet() > max) {
            end(caller);
            return Admission.SERVER_FULL;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    end(caller);
                }
            });
            return Admission.STARTED;
        } catch (RejectedExecutionException e) {
            end(caller);
            return Admission.SERVER_FULL;
        } catch (RuntimeException | Error e) {
            end(caller);
            throw e;
        }
    }

    private void end(String caller) {
        running.decrementAndGet();
        release(caller);
    }

    private void release(String caller) {
        perCaller.computeIfPresent(caller, (key, count) -> count == 1 ? null : count - 1);
    }

    int running() {
        return running.get();
    }

    /** Callers with a call running: the entries of the per-caller counts. */
    int callers() {
        return perCaller.size();
    }

    /** Calls refused since the start because their caller ran its maximum already. */
    long refusedPerCaller() {
        return refusedPerCaller.get();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
