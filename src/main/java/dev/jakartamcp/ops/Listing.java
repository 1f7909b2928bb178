package dev.jakartamcp.ops;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A listing of the operations API: of everything handed to it, keeps the first {@code limit} in {@code order} (a heap
 * with the last kept one on top, so O(n log limit) and never more than {@code limit} held) and counts them all.
 */
final class Listing<T> implements Consumer<T> {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String LIMIT_PROBLEM = "limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")";

    private final Comparator<T> order;
    private final PriorityQueue<T> kept;
    private final int limit;
    private int matched;

    Listing(Comparator<T> order, int limit) {
        this.order = order;
        this.kept = new PriorityQueue<>(order.reversed());
        this.limit = limit;
    }

    /** The {@code limit} query parameter: the default when absent, empty when it is not within 1 to {@value MAX_LIMIT}. */
    static Optional<Integer> limit(String parameter) {
        if (parameter == null) {
            return Optional.of(DEFAULT_LIMIT);
        }
        try {
            int limit = Integer.parseInt(parameter.strip());
            return limit >= 1 && limit <= MAX_LIMIT ? Optional.of(limit) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void accept(T item) {
        matched++;
        kept.add(item);
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    List<T> shown() {
        return kept.stream().sorted(order).toList();
    }

    int matched() {
        return matched;
    }

    int limit() {
        return limit;
    }
}
