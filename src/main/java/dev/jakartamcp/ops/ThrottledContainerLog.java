package dev.jakartamcp.ops;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The filter {@link ContainerLogThrottle} puts on one of the container's loggers: of the records that carry a stack
 * trace, at most {@code limit} a minute pass; the others are counted and dropped, and the first one dropped in a
 * minute is announced by one line of {@link #NOTICES}, the next passing one by how many were dropped before it.
 * Records without a stack trace, and anything the logger's previous filter refuses, are left as they were.
 */
final class ThrottledContainerLog implements Filter {
    static final Logger NOTICES = Logger.getLogger(ContainerLogThrottle.class.getName());
    static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private final String logger;
    private final Filter previous;
    private final IntSupplier limit;
    private final LongSupplier nanoClock;
    private final AtomicLong suppressedTotal;
    private volatile boolean removed;

    private long windowStart;
    private boolean windowStarted;
    private int passed;
    private long suppressed;

    ThrottledContainerLog(String logger, Filter previous, IntSupplier limit, LongSupplier nanoClock, AtomicLong suppressedTotal) {
        this.logger = logger;
        this.previous = previous;
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.suppressedTotal = suppressedTotal;
    }

    Filter previous() {
        return previous;
    }

    /** From now on everything passes as the previous filter says (the filter could not be taken off its logger). */
    void remove() {
        removed = true;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (previous != null && !previous.isLoggable(record)) {
            return false;
        }
        if (removed || record.getThrown() == null) {
            return true;
        }
        int max = limit.getAsInt();
        long droppedBefore = 0;
        boolean pass;
        boolean firstDropped = false;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (!windowStarted || now - windowStart >= WINDOW_NANOS) {
                droppedBefore = suppressed;
                windowStarted = true;
                windowStart = now;
                passed = 0;
                suppressed = 0;
            }
            pass = passed < max;
            if (pass) {
                passed++;
            } else {
                firstDropped = ++suppressed == 1;
            }
        }
        if (droppedBefore > 0) {
            long count = droppedBefore;
            NOTICES.warning(() -> count + " records of the logger " + logger + " with a stack trace were not logged in the"
                    + " minute before (mcp.container-log.max-per-minute)");
        }
        if (pass) {
            return true;
        }
        suppressedTotal.incrementAndGet();
        if (firstDropped) {
            NOTICES.warning(() -> "More than " + max + " records of the logger " + logger + " with a stack trace in a"
                    + " minute: the others of this minute are not logged (mcp.container-log.max-per-minute; counted in"
                    + " /mcp-admin/status containerLog.suppressed). The server logs one for each request it cannot parse"
                    + " or authorize before the application sees it (an unparseable Host, broken framing); the first not"
                    + " logged: " + record.getThrown());
        }
        return false;
    }
}
