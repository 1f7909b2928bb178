package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {

    private static final String PROBLEM =
            "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";

    @Test
    void numbersHaveAtMost1000DigitsBeforeAndAfterThePoint() {
        // 1e500000000 is 11 bytes of JSON; amount.add(ONE), setScale(2) or toBigInteger() would write out its 500 million digits
        for (String number : List.of("1e500000000", "-1e500000000", "1e-500000000", "1e1000", "1e-1001", "0e500000000",
                "0e-1001", "1".repeat(1001), "0." + "1".repeat(1001), "1".repeat(600) + "." + "1".repeat(401))) {
            assertEquals(PROBLEM, JsonNumbers.problem(json(number)), number);
        }
        for (String number : List.of("0", "-3", "1.5", "1e10", "12345678901234567890", "-0.25", "1E+3", "1e999", "-1e-1000",
                "0e999", "9".repeat(1000), "0." + "9".repeat(1000), "9".repeat(600) + "." + "9".repeat(400))) {
            assertNull(JsonNumbers.problem(json(number)), number);
        }
    }

    @Test
    void theProblemNamesThePathToTheFirstNumberBeyondTheBound() {
        assertEquals("[2] " + PROBLEM, JsonNumbers.problem(json("[1,'1e500000000',1e500000000,1e-500000000]")));
        assertEquals("a.b[1][0] " + PROBLEM, JsonNumbers.problem(json("{'x':1,'a':{'b':[2,[1e500000000]]},'c':1e500000000}")));
        assertEquals("[\"b c\"].x " + PROBLEM, JsonNumbers.problem(json("{'b c':{'x':-1e-500000000}}")));
        assertNull(JsonNumbers.problem(json("{'a':[1.5,-3,1e10,12345678901234567890,'1e500000000',true,null,{}]}")));
        assertNull(JsonNumbers.problem(json("'1e500000000'")));
    }

    @Test
    void deepValuesAreWalkedWithoutExhaustingTheStack() {
        // far deeper than the default mcp.json.max-depth (64), as an operator may configure it
        int depth = 100_000;
        String expected = "[0]".repeat(depth - 1) + "[1].a " + PROBLEM;
        JsonValue deep = nested(depth, "1e500000000");
        assertEquals(expected, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> JsonNumbers.problem(deep)));
        assertNull(JsonNumbers.problem(nested(depth, "1e999")));
    }

    /** {@code [[…[1,{"a":number}]…]]}, {@code depth} arrays deep. */
    private static JsonValue nested(int depth, String number) {
        JsonValue value = Jsonp.PROVIDER.createArrayBuilder().add(1)
                .add(Jsonp.PROVIDER.createObjectBuilder().add("a", new BigDecimal(number))).build();
        for (int i = 1; i < depth; i++) {
            value = Jsonp.PROVIDER.createArrayBuilder().add(value).build();
        }
        return value;
    }
}
