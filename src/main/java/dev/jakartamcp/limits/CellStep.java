package dev.jakartamcp.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * One request counted by the generic cell rate algorithm against a bucket that is full again at {@code fullAt}: it
 * is allowed, or refused with {@link #waitNanos()} until a request would be; either way the bucket is then full again
 * at {@link #fullAt()}, counted in uses of {@link #interval()} each, both of which the counter stores. Times are
 * nanoseconds on the counter's clock.
 */
public record CellStep(long fullAt, long interval, long waitNanos) {

    /**
     * Counts one request at {@code now} against {@code limit}, the bucket being full again at {@code fullAt} in uses of
     * {@code interval} each (0: unknown, taken as the limit's own).
     */
    public static CellStep take(RateLimit limit, long fullAt, long interval, long now) {
        long period = limit.per().toNanos();
        long own = period / limit.permits();
        long ahead = Math.max(fullAt - now, 0);
        if (interval > 0 && interval != own) {
            // a limit changed live: the uses not yet paid back count as uses of the new limit, so that raising it
            // relieves a caller at once and lowering it does not forgive what was just used
            ahead = (long) Math.min((double) ahead / interval * own, (double) period);
        }
        // ... and what was used under a longer period counts as at most the new burst: nobody waits longer than the
        // new limit says
        ahead = Math.min(ahead, period);
        if (ahead > period - own) {
            return new CellStep(now + ahead, own, ahead - (period - own));
        }
        return new CellStep(now + ahead + own, own, 0);
    }

    public boolean allowed() {
        return waitNanos == 0;
    }

    /** Empty when allowed, else how long until a request would be. */
    public Optional<Duration> waitTime() {
        return allowed() ? Optional.empty() : Optional.of(Duration.ofNanos(waitNanos));
    }
}
