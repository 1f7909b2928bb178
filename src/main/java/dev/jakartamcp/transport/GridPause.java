package dev.jakartamcp.transport;

import java.util.concurrent.TimeUnit;

/**
 * A time during which some of a node's calls leave the data grid alone, begun when one of them was not answered
 * within {@code mcp.cluster.grid-timeout}: with a member frozen they would otherwise wait that long one after the
 * other. The timers have one ({@link StreamTimers#gridPaused}), the writes of the node's stream logs another
 * ({@link PausingStreamLog}).
 */
final class GridPause {
    /** How long a pause lasts. */
    static final long NANOS = TimeUnit.SECONDS.toNanos(10);

    private final java.util.function.LongSupplier nanoClock;
    private volatile long until;

    GridPause() {
        this(System::nanoTime);
    }

    GridPause(java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.until = nanoClock.getAsLong() - 1;
    }

    boolean active() {
        return nanoClock.getAsLong() - until < 0;
    }

    /** A call was not answered: the pause begins, or begins again. */
    void begin() {
        until = nanoClock.getAsLong() + NANOS;
    }
}
