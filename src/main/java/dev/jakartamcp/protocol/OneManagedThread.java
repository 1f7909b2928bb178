package dev.jakartamcp.protocol;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An executor of exactly one thread of a container's managed thread factory, for work that must run in order or one
 * at a time off the request path (the audit trail, the notification fan-out, rereading settings, the grid's counts).
 * Here, in the lowest package, so that every package can start one without depending on another.
 */
public final class OneManagedThread {
    private OneManagedThread() {
    }

    /**
     * Starts the thread now, on the calling thread: a managed thread takes the context of the thread that starts it,
     * so call this where the bean is made (which has the application's context), never from a request's or a pool's
     * thread. The thread lives until the executor is shut down.
     */
    public static ExecutorService startNow(ThreadFactory factory) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
        executor.prestartCoreThread();
        return executor;
    }

    /**
     * As {@link #startNow(ThreadFactory)}, holding at most {@code capacity} tasks waiting: one more is refused with a
     * {@link java.util.concurrent.RejectedExecutionException}, for work another node or a later pass also does.
     */
    public static ExecutorService startNow(ThreadFactory factory, int capacity) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity), factory);
        executor.prestartCoreThread();
        return executor;
    }
}
