package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingTest {
    /** An item listed by the second it was made at, the newest first; items of one second by name. */
    record Item(String name, long second) {
        Listing.Position position() {
            return new Listing.Position(Instant.ofEpochSecond(second), name);
        }
    }

    private static Listing<Item> page(int limit, Listing.Position after, List<Item> items) {
        Listing<Item> listing = new Listing<>(Item::position, limit, after);
        items.forEach(listing);
        return listing;
    }

    @Test
    void keepsTheNewestInItsOrderAndCountsAll() {
        List<Item> items = List.of(new Item("e", 5), new Item("a", 1), new Item("i", 9), new Item("g", 7), new Item("c", 3),
                new Item("j", 9), new Item("b", 2));
        Listing<Item> listing = page(3, null, items);
        assertEquals(List.of(new Item("i", 9), new Item("j", 9), new Item("g", 7)), listing.shown());
        assertEquals(7, listing.matched());
        assertEquals(3, listing.limit());
        assertTrue(listing.nextCursor().isPresent());
    }

    @Test
    void fewerThanTheLimitAreAllShownWithoutANextPage() {
        Listing<Item> listing = page(100, null, List.of(new Item("c", 3), new Item("a", 1), new Item("b", 2)));
        assertEquals(List.of("c", "b", "a"), listing.shown().stream().map(Item::name).toList());
        assertEquals(Optional.empty(), listing.nextCursor());
        assertEquals(Optional.empty(), page(3, null, List.of(new Item("c", 3), new Item("a", 1), new Item("b", 2))).nextCursor(),
                "exactly the limit: no next page");
        assertEquals(List.of(), page(1, null, List.of()).shown());
    }

    @Test
    void followingTheCursorsShowsEveryItemOnceInOrder() {
        List<Item> items = new ArrayList<>();
        IntStream.range(0, 23).forEach(i -> items.add(new Item("item-" + i, i % 5))); // many share a second
        Collections.shuffle(items);
        List<Item> seen = new ArrayList<>();
        Listing.Position after = null;
        int pages = 0;
        while (true) {
            Listing<Item> listing = page(4, after, items);
            assertEquals(23, listing.matched(), "matched counts every page's items");
            seen.addAll(listing.shown());
            pages++;
            Optional<String> next = listing.nextCursor();
            if (next.isEmpty()) {
                break;
            }
            after = Listing.Position.ofCursor(next.get()).orElseThrow();
        }
        assertEquals(6, pages);
        assertEquals(items.stream().sorted((x, y) -> x.position().compareTo(y.position())).toList(), seen);
    }

    /**
     * A session's position is its last use, which its requests move while the listing runs: each item's position is
     * taken once, so the page's order and its cursor are those of that moment. Before, the heap and the sort read it
     * at every comparison (a sort could fail with "Comparison method violates its general contract!", a 500), and the
     * cursor read it once more (a session used meanwhile sent the next page back to the first).
     */
    @Test
    void eachItemsPositionIsTakenOnceSoAPositionThatMovesMeanwhileChangesNothing() {
        java.util.Map<Item, Integer> asked = new java.util.HashMap<>();
        java.util.function.Function<Item, Listing.Position> moving = item -> asked.merge(item, 1, Integer::sum) == 1
                ? item.position() : new Listing.Position(Instant.ofEpochSecond(1_000_000 + asked.size()), item.name());
        List<Item> items = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> items.add(new Item("item-" + i, i)));
        Collections.shuffle(items);
        Listing<Item> listing = new Listing<>(moving, 50, null);
        items.forEach(listing);
        List<Item> shown = listing.shown();
        assertEquals(IntStream.range(0, 50).mapToObj(i -> new Item("item-" + (199 - i), 199 - i)).toList(), shown);
        assertEquals(Optional.of(new Item("item-150", 150).position().cursor()), listing.nextCursor());
        assertTrue(asked.values().stream().allMatch(n -> n == 1), "asked once each: " + asked.values());
    }

    @Test
    void aCursorIsOpaqueAndOnlyTheListingsOwnAreAccepted() {
        Listing.Position position = new Listing.Position(Instant.parse("2026-12-04T22:30:00.123456Z"), "id with\nnewline");
        assertEquals(Optional.of(position), Listing.Position.ofCursor(position.cursor()));
        assertTrue(position.cursor().matches("[A-Za-z0-9_-]+"), position.cursor());
        for (String bad : List.of("", "lots", "%%%", "bm8gbmV3bGluZQ", "bm90IGFuIGluc3RhbnQKaWQ")) {
            assertEquals(Optional.empty(), Listing.Position.ofCursor(bad), bad);
        }
    }

    @Test
    void theLimitParameterIsBoundedAndStrict() {
        assertEquals(Optional.of(100), Listing.limit(null));
        assertEquals(Optional.of(1), Listing.limit("1"));
        assertEquals(Optional.of(1000), Listing.limit("1000"));
        assertEquals(Optional.of(7), Listing.limit("0007"));
        for (String bad : List.of("0", "-1", "1001", "lots", "", "1e3", "99999999999", "+5", "\u0665", "\uff15", "0x10", " 5", "5 ")) {
            assertEquals(Optional.empty(), Listing.limit(bad), bad);
        }
    }
}
