package dev.jakartamcp.transport;

import java.time.Duration;

/**
 * The time a request's body has to arrive, all of it ({@code mcp.request-body.timeout}). Checked after each read: a
 * read that blocks is bounded by the container's own read timeout, so a client trickling its body holds a thread for
 * at most this plus that.
 */
final class BodyDeadline {
    private final Duration timeout;
    private final long endNanos;

    BodyDeadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** @throws Passed once the time is up */
    void check() {
        if (System.nanoTime() - endNanos > 0) {
            throw new Passed(timeout);
        }
    }

    /** The body did not arrive in time. Unchecked, so that it is not taken for the client's broken connection. */
    static final class Passed extends RuntimeException {
        private final Duration timeout;

        Passed(Duration timeout) {
            super(null, null, false, false);
            this.timeout = timeout;
        }

        Duration timeout() {
            return timeout;
        }
    }
}
