package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListingTest {
    @Test
    void keepsTheFirstInItsOrderAndCountsAll() {
        Listing<Integer> largestFirst = new Listing<>(Comparator.<Integer>naturalOrder().reversed(), 3);
        List.of(5, 1, 9, 7, 3, 9, 2).forEach(largestFirst);
        assertEquals(List.of(9, 9, 7), largestFirst.shown());
        assertEquals(7, largestFirst.matched());
        assertEquals(3, largestFirst.limit());
    }

    @Test
    void fewerThanTheLimitAreAllShown() {
        Listing<Integer> listing = new Listing<>(Comparator.<Integer>naturalOrder(), 100);
        IntStream.of(3, 1, 2).forEach(listing::accept);
        assertEquals(List.of(1, 2, 3), listing.shown());
        assertEquals(List.of(), new Listing<Integer>(Comparator.<Integer>naturalOrder(), 1).shown());
    }

    @Test
    void theLimitParameterIsBoundedAndStrict() {
        assertEquals(Optional.of(100), Listing.limit(null));
        assertEquals(Optional.of(1), Listing.limit("1"));
        assertEquals(Optional.of(1000), Listing.limit(" 1000 "));
        for (String bad : List.of("0", "-1", "1001", "lots", "", "1e3", "99999999999")) {
            assertEquals(Optional.empty(), Listing.limit(bad), bad);
        }
    }
}
