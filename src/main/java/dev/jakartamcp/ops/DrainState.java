package dev.jakartamcp.ops;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the server is draining (undeploy or shutdown under way): readiness is DOWN from then on, so that load
 * balancers stop sending requests. Whoever drains the server calls {@link #startDraining()}; nothing ever stops it.
 */
@ApplicationScoped
public class DrainState {
    private volatile Instant since;

    /** Marks the server draining; later calls change nothing. */
    public synchronized void startDraining() {
        if (since == null) {
            since = Instant.now();
        }
    }

    public boolean draining() {
        return since != null;
    }

    /** When draining began, if it did. */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }
}
