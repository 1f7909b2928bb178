package dev.jakartamcp.protocol;

import java.util.Optional;

/** Secrets every node of a cluster shares (made once, kept in the data grid); empty on a single server. */
public interface SharedSecrets {
    /** The secret called {@code name}, made by whichever node asks first; empty when there is no cluster. */
    Optional<byte[]> get(String name);
}
