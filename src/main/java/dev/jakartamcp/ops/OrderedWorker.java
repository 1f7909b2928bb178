package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.OneManagedThread;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work handed off the thread that produces it: items are handled one at a time, in the order they were submitted, by
 * a task on {@code executor} that runs while items wait (in the server: one thread of the container's managed thread
 * factory, so that the work never queues behind long tool calls on a shared pool). The backlog is bounded
 * (back-pressure): a submitter that finds more than {@code maxBacklog} items waiting does not return before the
 * backlog is within its bound again. While nobody else is handling items it handles waiting ones itself, oldest first,
 * down to half the bound; while somebody is, it waits for room. Nothing is ever dropped and the order always holds.
 * When the executor refuses work (the application stops), the submitter handles the backlog itself.
 *
 * <p>With a stall timeout, waiting for room is bounded: when items have waited that long without one being handled
 * (the handler blocks: an observer of the application, a log handler) while more than the bound wait, the worker is
 * {@linkplain #stalled() stalled}: submitters stop waiting, and further items are refused ({@link #submit} returns
 * false) instead of growing the backlog, until the handler finishes an item again. Without one (the notification
 * fan-out, whose handler only hands notices to buffered streams), a submitter waits as long as the handler needs.
 *
 * <p>Why submitters wait instead of queueing up to handle one item each (as this class did before): the items are
 * handled one at a time anyway, and under load the task's thread gets only its share of the CPU among all busy
 * threads, so the backlog fills; dozens of request threads then took turns on a fair lock, one item and one context
 * switch each, and the lock's next owner was usually not running. Request throughput collapsed to the rate of those
 * hand-overs (a lock profile of the benchmark at 64 clients: most contended lock waits were on it).
 */
public final class OrderedWorker<T> {
    private static final Logger LOG = Logger.getLogger(OrderedWorker.class.getName());
    /** Used when the stall timeout cannot be read (the setting broken while running). */
    private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** The backlog's bound while its setting cannot be read: the default of mcp.audit.max-backlog and mcp.notifications.max-backlog. */
    private static final int DEFAULT_MAX_BACKLOG = 1000;

    private final String name;
    private final Executor executor;
    private final IntSupplier maxBacklog;
    /** Null: never stalled. */
    private final Supplier<Duration> stallTimeout;
    private final Consumer<T> handler;
    private final Deque<T> backlog = new ArrayDeque<>();
    /** Held while items are taken and handled: that keeps the order between the task and helping submitters. */
    private final ReentrantLock handling = new ReentrantLock();
    /** Submitters waiting for room in the backlog (told when it is back within its bound). */
    private int waitingForRoom;
    /** Callers of {@link #awaitHandled} waiting (told after every item). */
    private int awaitingHandled;
    private boolean scheduled;
    private long submitted;
    private long handled;
    /**
     * Whether more items than the bound waited when last looked at under the lock: read without it by {@link #stalled()},
     * which request threads ask once per call (a lock there would be one more the writer contends for).
     */
    private volatile boolean over;
    /** When an item was last handled or the backlog last started to fill: items have waited since at most. */
    private volatile long progressNanos = System.nanoTime();

    /**
     * One thread of {@code factory} (a container's managed thread factory), started now, on the thread that creates the
     * bean (which has the application's context), and kept for the application's life.
     */
    public static ExecutorService oneThread(ThreadFactory factory) {
        if (factory == null) {
            // the bean was made off an application thread (no resource injection there): submitters do the work
            return new java.util.concurrent.AbstractExecutorService() {
                private volatile boolean shut;

                @Override
                public void execute(Runnable command) {
                    throw new RejectedExecutionException("no managed thread factory");
                }

                @Override
                public void shutdown() {
                    shut = true;
                }

                @Override
                public java.util.List<Runnable> shutdownNow() {
                    shut = true;
                    return java.util.List.of();
                }

                @Override
                public boolean isShutdown() {
                    return shut;
                }

                @Override
                public boolean isTerminated() {
                    return shut;
                }

                @Override
                public boolean awaitTermination(long timeout, TimeUnit unit) {
                    return true;
                }
            };
        }
        return OneManagedThread.startNow(factory);
    }

    public OrderedWorker(String name, Executor executor, IntSupplier maxBacklog, Consumer<T> handler) {
        this(name, executor, maxBacklog, null, handler);
    }

    public OrderedWorker(String name, Executor executor, IntSupplier maxBacklog, Supplier<Duration> stallTimeout, Consumer<T> handler) {
        this.name = name;
        this.executor = executor;
        this.maxBacklog = maxBacklog;
        this.stallTimeout = stallTimeout;
        this.handler = handler;
    }

    /**
     * Queues {@code item}; returns once the backlog is within its bound. False, and {@code item} not queued, when the
     * worker is {@linkplain #stalled() stalled}.
     */
    public boolean submit(T item) {
        boolean schedule;
        boolean full;
        int max = maxBacklog();
        if (stalled()) {
            return false;
        }
        synchronized (this) {
            if (backlog.isEmpty()) {
                progressNanos = System.nanoTime();
            }
            backlog.addLast(item);
            submitted++;
            full = backlog.size() > max;
            if (full) {
                over = true;
            }
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException | IllegalStateException e) {
                synchronized (this) {
                    scheduled = false;
                }
                LOG.log(Level.FINE, name + ": the executor refused the work; handled on the submitting thread", e);
                handleWhile(() -> true);
                return true;
            }
        }
        if (full) {
            makeRoom();
        }
        return true;
    }

    /**
     * Whether more items than the bound wait and none has been handled for the stall timeout (counted from when the
     * backlog last started to fill, if later): the handler blocks.
     */
    public boolean stalled() {
        // no lock: request threads ask once per call, and the settings read may wait for a config source
        return stallTimeout != null && over && System.nanoTime() - progressNanos > stallNanos();
    }

    private long stallNanos() {
        return stallTimeout().toNanos();
    }

    /** The stall timeout now ({@link #DEFAULT_STALL_TIMEOUT} while it cannot be read); only with one set. */
    public Duration stallTimeout() {
        return LiveFallback.read(stallTimeout, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * Returns once at most {@code maxBacklog} items wait: handles waiting items itself, down to half the bound (so
     * that the next submitters find room), whenever nobody else is handling them, else waits for room.
     */
    private void makeRoom() {
        while (true) {
            int max = maxBacklog();
            if (handling.tryLock()) {
                try {
                    while (backlogSize() > max / 2 && handleNext()) {
                        // handled one
                    }
                } finally {
                    handling.unlock();
                }
            }
            boolean stalled = stalled();
            synchronized (this) {
                if (backlog.size() <= max || stalled) {
                    return; // stalled: this item stays queued, further ones are refused
                }
                waitingForRoom++;
                try {
                    // timed: the handler may have left the lock between items; then this submitter takes over
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the item is queued: it is not lost, this request only stops waiting
                } finally {
                    waitingForRoom--;
                }
            }
        }
    }

    /** The bound of waiting items now ({@code maxBacklog}, its default while it is broken). */
    int maxBacklog() {
        return Math.max(1, LiveFallback.read(maxBacklog::getAsInt, DEFAULT_MAX_BACKLOG));
    }

    /** The task: handles items until none waits. */
    private void run() {
        boolean done = false;
        try {
            while (true) {
                handling.lock();
                try {
                    T next;
                    synchronized (this) {
                        next = backlog.pollFirst();
                        if (next == null) {
                            scheduled = false;
                            done = true;
                            return;
                        }
                    }
                    handle(next);
                } finally {
                    handling.unlock();
                }
            }
        } finally {
            if (!done) {
                // a fatal error ended the task: the next submit schedules a new one
                synchronized (this) {
                    scheduled = false;
                }
            }
        }
    }

    /** A submitter handles the oldest items while {@code condition} holds (the executor refused, or the application stops). */
    private void handleWhile(java.util.function.BooleanSupplier condition) {
        while (condition.getAsBoolean()) {
            handling.lock();
            try {
                if (!handleNext()) {
                    return;
                }
            } finally {
                handling.unlock();
            }
        }
    }

    /** With {@link #handling} held: handles the oldest waiting item; false when none waits. */
    private boolean handleNext() {
        T next;
        synchronized (this) {
            next = backlog.pollFirst();
        }
        if (next == null) {
            return false;
        }
        handle(next);
        return true;
    }

    private void handle(T item) {
        try {
            handler.accept(item);
        } catch (RuntimeException | Error e) {
            if (isFatal(e)) {
                throw e;
            }
            LOG.log(Level.WARNING, name + ": an item could not be handled", e);
        } finally {
            int max = maxBacklog(); // read outside the lock: a settings read may wait for a config source
            synchronized (this) {
                handled++;
                progressNanos = System.nanoTime();
                if (over && backlog.size() <= max) {
                    over = false;
                }
                // waking every waiter after every item would be a thundering herd: only those who can go on are told
                if (awaitingHandled > 0 || (waitingForRoom > 0 && backlog.size() <= max)) {
                    notifyAll();
                }
            }
        }
    }

    /**
     * An error after which nothing should go on as if it had not happened (out of memory, an internal error of the JVM).
     * A stack overflow is not one: it ended with the item whose work overflowed.
     */
    public static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    /** Handles every waiting item on the calling thread (the application stops: nothing waits forever). */
    public void handleAll() {
        handleWhile(() -> true);
    }

    /**
     * As {@link #handleAll()}, giving up once nothing was handled for {@code within}, by this thread or the handler's
     * (a stalled handler never lets go); returns the number of items left unhandled. A handler that is slow but moves
     * is waited for, however long the backlog takes: the bound counts from the last item handled, not from the start.
     */
    public int handleAll(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int left = backlogSize();
        while (true) {
            try {
                if (!handling.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    int now = backlogSize();
                    if (now < left) {
                        // the handler's thread handled some meanwhile: it moves, so wait on
                        left = now;
                        deadline = System.nanoTime() + within.toNanos();
                        continue;
                    }
                    return now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return backlogSize();
            }
            try {
                if (!handleNext()) {
                    return 0;
                }
                left = backlogSize();
                deadline = System.nanoTime() + within.toNanos();
            } finally {
                handling.unlock();
            }
        }
    }

    public synchronized int backlogSize() {
        return backlog.size();
    }

    /**
     * Waits until every item submitted before this call has been handled; false if {@code timeout} passed first. For
     * whoever must see the effect of earlier work (tests reading the audit trail), never needed for correctness.
     */
    public boolean awaitHandled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            long target = submitted;
            awaitingHandled++;
            try {
                while (handled < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            } finally {
                awaitingHandled--;
            }
        }
    }
}
