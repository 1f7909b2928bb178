package dev.jakartamcp.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A live setting read where a broken value must not stop the work reading it (the audit trail's writer, the
 * notification fan-out, the container log's throttle): the value counts as its default, and the problem is logged as
 * a {@code WARNING} once per distinct message, the first {@link #MAX_REPORTED} since the start, as the README says a
 * live setting broken later is reported (readiness reports it too, as every setting is checked there).
 */
public final class LiveFallback {
    static final int MAX_REPORTED = 1000;
    private static final Logger LOG = Logger.getLogger(LiveFallback.class.getName());
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private LiveFallback() {
    }

    /** What {@code read} gives, or {@code fallback} when it fails; the failure is logged once. */
    public static <T> T read(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() + "; using " + fallback + " until it is mended";
            if (REPORTED.size() < MAX_REPORTED && REPORTED.add(message)) {
                LOG.warning(message);
            }
            return fallback;
        }
    }
}
