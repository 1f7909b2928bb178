package dev.jakartamcp.protocol;

import java.util.List;
import java.util.function.Consumer;

/**
 * Things a store keeps for callers, each owned by one ({@link Caller#quotaKey()}), as the operations API lists and ends
 * them: the sessions' and the tasks' stores.
 */
public interface CallersItems<T> {
    /** Hands every item held (on a cluster: cluster-wide) to {@code action}, in no particular order. */
    void forEach(Consumer<T> action);

    /** The items of the caller whose {@link Caller#quotaKey()} is {@code quotaKey}. */
    List<T> ownedBy(String quotaKey);
}
