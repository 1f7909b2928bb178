package dev.jakartamcp.ops;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The filter {@link ContainerLogThrottle} puts on one of the container's loggers: of the records that carry a stack
 * trace, at most {@code limit} pass in each minute counted from the first of them (so up to twice the limit within
 * seconds across a minute's end); the others are counted and dropped. The first one dropped in a minute is announced
 * by one line of {@link #NOTICES}, and how many were dropped by another once the next record with a stack trace comes
 * in a later minute. Records without a stack trace, and anything the logger's previous filter refuses, are left as
 * they were.
 */
final class ThrottledContainerLog implements Filter {
    static final Logger NOTICES = Logger.getLogger(ContainerLogThrottle.class.getName());
    static final long WINDOW_NANOS = Duration.ofMinutes(1).toNanos();

    private final String logger;
    private final Filter previous;
    /** Null once removed: the filter then holds nothing of the application but its class. */
    private volatile IntSupplier limit;
    private final LongSupplier nanoClock;
    private final LongAdder suppressedTotal = new LongAdder();

    private long windowStart;
    private boolean windowStarted;
    private int passed;
    private long suppressed;

    ThrottledContainerLog(String logger, Filter previous, IntSupplier limit, LongSupplier nanoClock) {
        this.logger = logger;
        this.previous = previous;
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /** Records with a stack trace this filter kept out of the log. */
    long suppressed() {
        return suppressedTotal.sum();
    }

    Filter previous() {
        return previous;
    }

    /** From now on everything passes as the previous filter says (the filter could not be taken off its logger). */
    void remove() {
        limit = null;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (previous != null && !previous.isLoggable(record)) {
            return false;
        }
        IntSupplier current = limit;
        if (current == null || record.getThrown() == null) {
            return true;
        }
        int max = current.getAsInt();
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
            NOTICES.warning(() -> count + " records of the logger " + logger + " with a stack trace were left out since the"
                    + " notice that they would be (mcp.container-log.max-per-minute)");
        }
        if (pass) {
            return true;
        }
        suppressedTotal.increment();
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
