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

    /** Counts a request as running; false (and not counted) once the drain began. */
    public boolean enter() {
        running.incrementAndGet();
        if (draining.get()) {
            exit();
            return false;
        }
        return true;
    }

    /**
     * Once the drain began: counts a request that only answers a running one (a client's answer to its question, a
     * cancellation) while any runs, so that the drain also waits for it to end; false (and not counted) when none runs,
     * as nothing is left for it to answer.
     */
    public boolean enterWhileRunning() {
        int now;
        do {
            now = running.get();
            if (now <= 0) {
                return false;
            }
        } while (!running.compareAndSet(now, now + 1));
        return true;
    }

    /** The request counted by {@link #enter()} or {@link #enterWhileRunning()} ended. */
    public void exit() {
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
