package dev.jakartamcp.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A check run on the stream timers every so often from its first use on: a server that never needs it (no call outlived
 * its wait, no stream was opened) never schedules it. Started once however many threads ask at once; a failure to
 * start leaves it to the next use.
 */
final class LazyCheck {
    private final String purpose;
    private final long millis;
    private final Runnable task;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile ScheduledFuture<?> scheduled;

    /** @param purpose named when a run fails (see {@link StreamTimers#every}) */
    LazyCheck(String purpose, long millis, Runnable task) {
        this.purpose = purpose;
        this.millis = millis;
        this.task = task;
    }

    void ensureRunning(StreamTimers timers) {
        if (started.compareAndSet(false, true)) {
            try {
                scheduled = timers.every(purpose, millis, task);
            } catch (RuntimeException | Error e) {
                started.set(false);
                throw e;
            }
        }
    }

    void stop() {
        ScheduledFuture<?> running = scheduled;
        if (running != null) {
            running.cancel(false);
        }
    }
}
