package dev.jakartamcp.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A listing of the operations API, one page of it: of everything handed to it, keeps the first {@code limit} in the
 * order of their {@link Position} after the page's cursor (a heap with the last kept one on top, so O(n log limit) and
 * never more than {@code limit} held), counts them all and says where the next page starts, if there is one.
 */
final class Listing<T> implements Consumer<T> {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String LIMIT_PROBLEM = "limit must be a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")";
    static final String CURSOR_PROBLEM = "cursor is not one this listing gave: pass the nextCursor of the previous page as it is";

    private final Function<T, Position> position;
    /** Each kept item with its position as taken once: a session's moves with its use, which must not change a sort. */
    private final PriorityQueue<Kept<T>> kept;
    private final int limit;
    private final Position after;
    private int matched;
    private int following;

    /**
     * Where an item stands in a listing: the newest {@code at} first, then by {@code id}. {@link #cursor()} is its
     * opaque text, which starts the next page after it.
     */
    record Position(Instant at, String id) implements Comparable<Position> {
        private static final Comparator<Position> ORDER = Comparator.comparing(Position::at).reversed().thenComparing(Position::id);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }

        String cursor() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }

        /** The position a {@link #cursor()} names; empty for any other text. */
        static Optional<Position> ofCursor(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int split = text.indexOf('\n');
                if (split < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Position(Instant.parse(text.substring(0, split)), text.substring(split + 1)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** A page of {@code limit} items after {@code after} (null: the first page). */
    Listing(Function<T, Position> position, int limit, Position after) {
        this.position = position;
        this.kept = new PriorityQueue<>(Comparator.comparing(Kept<T>::position).reversed());
        this.limit = limit;
        this.after = after;
    }

    /** The {@code limit} query parameter: the default when absent, empty when it is not within 1 to {@value MAX_LIMIT}. */
    static Optional<Integer> limit(String parameter) {
        if (parameter == null) {
            return Optional.of(DEFAULT_LIMIT);
        }
        // ASCII digits only: parseInt also takes a sign and any script's digits ("+5", "٥")
        if (!parameter.matches("[0-9]{1,4}")) {
            return Optional.empty();
        }
        int limit = Integer.parseInt(parameter);
        return limit >= 1 && limit <= MAX_LIMIT ? Optional.of(limit) : Optional.empty();
    }

    @Override
    public void accept(T item) {
        matched++;
        Position at = position.apply(item);
        if (after != null && at.compareTo(after) <= 0) {
            return;
        }
        following++;
        kept.add(new Kept<>(at, item));
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    List<T> shown() {
        return kept.stream().sorted(Comparator.comparing(Kept<T>::position)).map(Kept::item).toList();
    }

    /** Where the next page starts: after the last one shown (the heap's top), when more followed it. */
    Optional<String> nextCursor() {
        if (following <= limit) {
            return Optional.empty();
        }
        return Optional.of(kept.peek().position().cursor());
    }

    private record Kept<T>(Position position, T item) {
    }

    /** All the items handed to the listing, on every page. */
    int matched() {
        return matched;
    }

    int limit() {
        return limit;
    }
}
