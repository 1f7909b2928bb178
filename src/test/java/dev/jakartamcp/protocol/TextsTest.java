package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextsTest {

    @Test
    void aTextUpToTheLimitStaysWhole() {
        assertEquals("short", Texts.cut("short", 16));
        assertEquals("x".repeat(16), Texts.cut("x".repeat(16), 16));
        assertNull(Texts.cut(null, 16));
    }

    @Test
    void aLongerTextIsCutToTheLimitEndingWithAnEllipsis() {
        String cut = Texts.cut("c".repeat(40), 16);
        assertEquals(16, cut.length());
        assertEquals("c".repeat(15) + "…", cut);
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String cut = Texts.cut("a".repeat(14) + "😀" + "b".repeat(10), 16);
        assertEquals("a".repeat(14) + "…", cut);
        String roundTrip = new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(cut, roundTrip, "no lone surrogate turned into '?' on the way out");
    }

    @Test
    void aLimitWithNoRoomForTheEllipsisIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> Texts.cut("abc", 1));
    }
}
