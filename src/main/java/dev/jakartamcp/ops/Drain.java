package dev.jakartamcp.ops;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The graceful drain when the application stops (undeploy, server shutdown): from {@link #begin()} on the server is
 * {@link #draining()} (readiness DOWN, new MCP requests 503), and {@link #awaitRunning(Duration)} waits for the
 * requests already running ({@link #enter()} … {@link #exit()}) to finish, at most for {@code mcp.drain.grace}.
 */
@ApplicationScoped
public class Drain {
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger running = new AtomicInteger();
    /**
     * Of {@code running}, what was let in by {@link #enter()}: the work that answers may follow. The answers themselves
     * are not in it, so that, once that work has ended, they do not let each other in for as long as clients send them.
     */
    private final AtomicInteger work = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile Instant since;

    /**
     * The drain is over: nothing is let in any more, and whatever still runs ({@code running}: requests and task work
     * that outlasted {@code mcp.drain.grace}) is cut off as the application stops. Fired once, on the container's
     * thread, while the application's beans are all still there.
     */
    public record Over(int running) {
    }

    /** Whether the application is stopping: it takes no new requests. */
    public boolean draining() {
        return draining.get();
    }

    /** Counts a request as running; false (and not counted) once the drain began. Ended by {@link #exit()}. */
    public boolean enter() {
        running.incrementAndGet();
        if (draining.get()) {
            leave();
            return false;
        }
        // counted as work only once let in: a refused request's brief count would let an answer in while no work runs
        work.incrementAndGet();
        return true;
    }

    /**
     * Once the drain began: counts a request that only answers running work (a client's answer to its question, a
     * cancellation) while any runs that {@link #enter()} let in, so that the drain also waits for it to end; false (and
     * not counted) when none runs, as nothing is left for it to answer. Other answers running do not count. Ended by
     * {@link #exitAnswering()}.
     */
    public boolean enterWhileRunning() {
        // counted before work is read; work is counted only within running, and not anew once the drain began: so work
        // found running means that the drain's wait had not ended when this was counted, and now waits for it too
        running.incrementAndGet();
        if (work.get() <= 0) {
            leave();
            return false;
        }
        return true;
    }

    /** The request or work counted by {@link #enter()} ended. */
    public void exit() {
        work.decrementAndGet();
        leave();
    }

    /** The request counted by {@link #enterWhileRunning()} ended. */
    public void exitAnswering() {
        leave();
    }

    private void leave() {
        if (running.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Requests running now. */
    public int running() {
        return running.get();
    }

    /** Stops taking requests; false when the drain had already begun. */
    public boolean begin() {
        if (draining.compareAndSet(false, true)) {
            since = Instant.now();
            return true;
        }
        return false;
    }

    /** When the drain began, if it did. */
    public Optional<Instant> since() {
        Instant began = since;
        return draining.get() ? Optional.of(began == null ? Instant.now() : began) : Optional.empty();
    }

    /** Waits until no request runs or {@code grace} has passed; returns how many still run. */
    public int awaitRunning(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return running.get();
    }
}
