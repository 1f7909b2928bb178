package dev.jakartamcp.pipeline;

import dev.jakartamcp.limits.KeyedCounts;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
    /** Calls running per caller. */
    private final KeyedCounts perCaller = new KeyedCounts();
    private final AtomicLong refusedPerCaller = new AtomicLong();
    private final AtomicLong refusedOnServer = new AtomicLong();

    ExecutionPool(ThreadFactory threads) {
        // the bounds are counted in offer(); the executor only hands each admitted call to an idle or a new thread
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /**
     * Starts the work {@code prepare} gives unless {@code callerMax} calls of {@code caller} or {@code max} calls in all
     * run already; {@code prepare} is called only for a call admitted, so a refused one is spared what it costs. Throws
     * what {@code prepare} throws, and what the thread factory throws when no thread can be had for it (a stopped
     * container's factory, no native thread left): then nothing runs.
     */
    Admission offer(Supplier<Runnable> prepare, int max, String caller, int callerMax) {
        AtomicInteger ofCaller = perCaller.enter(caller, callerMax);
        if (ofCaller == null) {
            refusedPerCaller.incrementAndGet();
            return Admission.CALLER_FULL;
        }
        if (running.incrementAndGet() > max) {
            end(caller, ofCaller);
            refusedOnServer.incrementAndGet();
            return Admission.SERVER_FULL;
        }
        try {
            Runnable work = prepare.get();
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    end(caller, ofCaller);
                }
            });
            return Admission.STARTED;
        } catch (RejectedExecutionException e) {
            end(caller, ofCaller);
            refusedOnServer.incrementAndGet();
            return Admission.SERVER_FULL;
        } catch (RuntimeException | Error e) {
            end(caller, ofCaller);
            throw e;
        }
    }

    private void end(String caller, AtomicInteger ofCaller) {
        running.decrementAndGet();
        perCaller.exit(caller, ofCaller);
    }

    int running() {
        return running.get();
    }

    /** Callers with a call running: the entries of the per-caller counts. */
    int callers() {
        return perCaller.keys();
    }

    /** Calls refused since the start because their caller ran its maximum already. */
    long refusedPerCaller() {
        return refusedPerCaller.get();
    }

    /** Calls refused since the start because {@code max} calls ran already (or the executor took no more). */
    long refusedOnServer() {
        return refusedOnServer.get();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
