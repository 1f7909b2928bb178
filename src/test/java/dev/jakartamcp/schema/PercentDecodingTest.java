package dev.jakartamcp.schema;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentDecodingTest {

    @Test
    void tripletsAreDecodedAsUtf8AndPlusStaysPlus() {
        assertEquals(Optional.of("hello world"), PercentDecoding.decoded("hello%20world"));
        assertEquals(Optional.of("\u00e9t\u00e9"), PercentDecoding.decoded("%C3%A9t%c3%a9"));
        assertEquals(Optional.of("a+b"), PercentDecoding.decoded("a+b"));
        assertEquals(Optional.of("50%"), PercentDecoding.decoded("50%25"));
        assertEquals(Optional.of("\uD83D\uDE00 %"), PercentDecoding.decoded("\uD83D\uDE00%20%25"), "text around triplets kept whole");
        assertEquals(Optional.of("plain"), PercentDecoding.decoded("plain"));
        assertEquals(Optional.of("\uD83D\uDE00"), PercentDecoding.decoded("\uD83D\uDE00"), "a whole pair without triplets");
    }

    @Test
    void malformedTextIsRefusedNotGuessedAt() {
        for (String malformed : new String[] {"%", "%2", "a%2", "%zz", "%C3", "%C3%28", "%FF", "%ED%A0%80",
                "..%\uFF12\uFF26etc", "%\u0662\u0660", "%41\uD800", "\uD800", "a\uDC00b"}) { // other scripts' digits, lone surrogates
            assertEquals(Optional.empty(), PercentDecoding.decoded(malformed), malformed);
        }
    }
}
