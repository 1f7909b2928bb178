package dev.jakartamcp.pipeline;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for calls, at most a given number busy at once and no queue: a call beyond the bound is refused at once
 * rather than left waiting behind others. Threads idle for a minute end.
 */
final class ExecutionPool {
    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();

    ExecutionPool(ThreadFactory threads) {
        // the bound is counted in offer(); the executor only hands each admitted call to an idle or a new thread
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /**
     * Starts {@code work} unless {@code max} calls run already; false when refused. Throws what the thread factory
     * throws when no thread can be had for it (a stopped container's factory, no native thread left): then nothing runs.
     */
    boolean offer(Runnable work, int max) {
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    running.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            return false;
        } catch (RuntimeException | Error e) {
            running.decrementAndGet();
            throw e;
        }
    }

    int running() {
        return running.get();
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
