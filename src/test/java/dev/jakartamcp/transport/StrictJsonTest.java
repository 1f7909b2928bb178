package dev.jakartamcp.transport;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StrictJson}: what it builds, what it refuses and with which message, and what a large body costs. */
class StrictJsonTest {
    private static final int DEPTH = 64;
    private static final int VALUES = 100_000;

    private static JsonValue parse(String text) {
        return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), DEPTH, VALUES);
    }

    private static String refusal(String text) {
        return refusal(text.getBytes(StandardCharsets.UTF_8), DEPTH, VALUES);
    }

    private static String refusal(byte[] bytes, int depth, int values) {
        StrictJson.Malformed e = assertThrows(StrictJson.Malformed.class, () -> StrictJson.parse(bytes, depth, values));
        assertEquals(-32700, e.code());
        assertTrue(e.getMessage().startsWith("Parse error: "), e.getMessage());
        return e.getMessage();
    }

    private static JsonValue lax(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    /** Parsson refused numbers of more than 1100 characters with an UnsupportedOperationException: a 500 before. */
    @Test
    void overlongNumbersAreParseErrors() {
        assertEquals("Parse error: a number longer than 1000 characters", refusal("{\"id\":" + "1".repeat(15_380) + "}"));
        assertEquals("Parse error: a number longer than 1000 characters", refusal("[1." + "0".repeat(6_400) + "]"));
        assertEquals(lax("[" + "9".repeat(1000) + "]"), parse("[" + "9".repeat(1000) + "]"));
        // exponents beyond what a BigDecimal holds: NumberFormatException "Exponent overflow" before
        assertEquals("Parse error: the body is not valid JSON", refusal("{\"id\":1e2147483648}"));
        assertEquals("Parse error: the body is not valid JSON", refusal("{\"id\":1e-2147483649}"));
    }

    // ------------------------------------------------------------------ what it builds

    @Test
    void buildsTheSameTreeAsTheStandardReader() {
        for (String text : List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"a\":[1,2.5,-3e2,true,false,null,\"s\",{},[]]}}}",
                "[]", "{}", "[[],{},[{}]]", "42", "-0.5", "\"text\"", "true", "false", "null", "12345678901234567890123",
                "  {\"a\" : [ 1 , 2 ] }  \r\n\t", "{\"emoji\":\"\\ud83d\\ude00 😀\",\"esc\":\"\\n\\\"\\\\\\/\"}",
                "[\"a\",\"a\",\"a\",1,1,1,{\"k\":1},{\"k\":1}]")) {
            assertEquals(lax(text), parse(text), text);
            assertEquals(lax(text).toString(), parse(text).toString(), text);
        }
    }

    @Test
    void objectsAndArraysBehaveLikeTheProvidersOwn() {
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            big.append(i == 0 ? "" : ",").append("\"k").append(39 - i).append("\":").append(i);
        }
        String text = "{\"s\":\"x\",\"n\":7,\"t\":true,\"f\":false,\"z\":null,\"o\":{\"a\":1},\"a\":[\"x\",7,true,false,null,{}],\"big\":"
                + big + "}}";
        JsonObject strict = (JsonObject) parse(text);
        JsonObject lax = (JsonObject) lax(text);
        assertEquals(lax, strict);
        assertEquals(strict, lax);
        assertEquals(lax.hashCode(), strict.hashCode());
        assertEquals(lax.toString(), strict.toString());
        assertEquals(List.copyOf(lax.keySet()), List.copyOf(strict.keySet()), "members keep their order");
        JsonObject b = strict.getJsonObject("big");
        for (int i = 0; i < 40; i++) {
            assertEquals(39 - i, b.getInt("k" + i), "lookup in a large object");
        }
        assertTrue(b.containsKey("k0"));
        assertTrue(!b.containsKey("k40") && b.get("nope") == null && b.get(42) == null);
        assertEquals("x", strict.getString("s"));
        assertEquals("d", strict.getString("n", "d"));
        assertEquals("d", strict.getString("missing", "d"));
        assertEquals(7, strict.getInt("n"));
        assertEquals(3, strict.getInt("s", 3));
        assertTrue(strict.getBoolean("t"));
        assertTrue(!strict.getBoolean("f"));
        assertTrue(strict.getBoolean("z", true));
        assertTrue(!strict.getBoolean("f", true));
        assertTrue(strict.isNull("z"));
        assertTrue(!strict.isNull("s"));
        assertEquals(null, strict.getJsonObject("missing"));
        assertThrows(NullPointerException.class, () -> strict.getString("missing"));
        assertThrows(NullPointerException.class, () -> strict.getInt("missing"));
        assertThrows(NullPointerException.class, () -> strict.getBoolean("missing"));
        assertThrows(NullPointerException.class, () -> strict.isNull("missing"));
        assertThrows(ClassCastException.class, () -> strict.getString("n"));
        assertThrows(ClassCastException.class, () -> strict.getJsonObject("a"));
        assertThrows(ClassCastException.class, () -> strict.getBoolean("s"));
        assertThrows(UnsupportedOperationException.class, () -> strict.put("x", JsonValue.NULL));
        assertThrows(UnsupportedOperationException.class, () -> strict.remove("s"));
        assertThrows(UnsupportedOperationException.class, () -> strict.entrySet().iterator().remove());
        assertEquals(JsonValue.ValueType.OBJECT, strict.getValueType());
        assertEquals(Json.createValue(1), strict.getValue("/o/a"));

        JsonArray a = strict.getJsonArray("a");
        assertEquals(lax.getJsonArray("a"), a);
        assertEquals(lax.getJsonArray("a").hashCode(), a.hashCode());
        assertEquals("x", a.getString(0));
        assertEquals(7, a.getInt(1));
        assertTrue(a.getBoolean(2));
        assertTrue(!a.getBoolean(3, true));
        assertTrue(a.isNull(4));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, a.getJsonObject(5));
        assertEquals("d", a.getString(1, "d"));
        assertEquals("d", a.getString(99, "d"));
        assertEquals(5, a.getInt(99, 5));
        assertTrue(a.getBoolean(99, true));
        assertThrows(ClassCastException.class, () -> a.getString(1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(99));
        assertThrows(UnsupportedOperationException.class, () -> a.add(JsonValue.NULL));
        assertThrows(UnsupportedOperationException.class, () -> a.set(0, JsonValue.NULL));
        assertEquals(6, a.getValuesAs(JsonValue.class).size());
        assertEquals(JsonValue.ValueType.ARRAY, a.getValueType());
        // a builder accepts the tree's values as they are
        assertEquals(lax, Json.createObjectBuilder(strict).build());
        assertEquals(text.replace(" ", ""), Json.createArrayBuilder().add(strict).build().getJsonObject(0).toString());
    }

    @Test
    void sharedValuesStayIndependentInTheTree() {
        JsonArray a = (JsonArray) parse("[{\"k\":\"v\"},{\"k\":\"v\"},{\"k\":\"w\"}]");
        assertEquals("v", a.getJsonObject(0).getString("k"));
        assertEquals("w", a.getJsonObject(2).getString("k"));
        assertEquals(a.getJsonObject(0), a.getJsonObject(1));
    }

    // ------------------------------------------------------------------ duplicate keys

    @Test
    void duplicateKeysAreRefusedAtEveryDepthNamingKeyAndPointer() {
        assertEquals("Parse error: duplicate key \"id\" at /id", refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"id\":2}"));
        assertEquals("Parse error: duplicate key \"name\" at /params/name",
                refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"safe\",\"name\":\"rm\"}}"));
        assertEquals("Parse error: duplicate key \"x\" at /params/arguments/list/1/x",
                refusal("{\"params\":{\"arguments\":{\"list\":[{\"x\":1},{\"x\":1,\"y\":2,\"x\":3}]}}}"));
        assertEquals("Parse error: duplicate key \"a\" at /0/0/a", refusal("[[{\"a\":1,\"a\":1}]]"));
        // the same key in sibling objects is no duplicate; nor are keys that differ only in case
        assertEquals(2, ((JsonArray) parse("[{\"a\":1},{\"a\":2}]")).size());
        assertEquals(2, ((JsonObject) parse("{\"a\":1,\"A\":2}")).size());
    }

    @Test
    void duplicateKeysAreComparedAfterUnescaping() {
        assertEquals("Parse error: duplicate key \"name\" at /name", refusal("{\"name\":1,\"n\\u0061me\":2}"));
    }

    @Test
    void quotedKeysAndPointersAreSanitizedAndShortened() {
        String message = refusal("{\"a/b~c\":{\"q\\\"\\n\":1,\"q\\\"\\n\":2}}");
        assertEquals("Parse error: duplicate key \"q??\" at /a~1b~0c/q??", message);
        String longKey = "k".repeat(500);
        String m = refusal("{\"" + longKey + "\":1,\"" + longKey + "\":2}");
        assertTrue(m.length() < 260, m);
        assertTrue(m.contains("…"), m);
    }

    // ------------------------------------------------------------------ depth

    @Test
    void nestingUpToTheLimitIsFineOneMoreIsRefused() {
        String ok = "[".repeat(DEPTH) + "]".repeat(DEPTH);
        assertInstanceOf(JsonArray.class, parse(ok));
        String objects = "{\"a\":".repeat(DEPTH - 1) + "{}" + "}".repeat(DEPTH - 1);
        assertInstanceOf(JsonObject.class, parse(objects));
        assertEquals("Parse error: the JSON value is nested deeper than 64 levels (mcp.json.max-depth)",
                refusal("[".repeat(DEPTH + 1) + "]".repeat(DEPTH + 1)));
        assertEquals("Parse error: the JSON value is nested deeper than 64 levels (mcp.json.max-depth)",
                refusal("{\"a\":".repeat(DEPTH) + "{}" + "}".repeat(DEPTH)));
        // the limit is hit while reading: a very deep body never gets close to the parser's own limit or the stack
        refusal("[".repeat(1_000_000));
        assertEquals("Parse error: the JSON value is nested deeper than 3 levels (mcp.json.max-depth)",
                refusal("[[[[1]]]]".getBytes(StandardCharsets.UTF_8), 3, VALUES));
        assertInstanceOf(JsonArray.class, StrictJson.parse("[[[1]]]".getBytes(StandardCharsets.UTF_8), 3, VALUES));
        assertThrows(IllegalArgumentException.class, () -> StrictJson.parse("1".getBytes(StandardCharsets.UTF_8), 0, VALUES));
    }

    @Test
    void refusesMoreValuesThanTheLimitCountingContainersAndScalarsButNotKeys() {
        byte[] five = "{\"a\":[1,\"x\"],\"b\":null}".getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(JsonObject.class, StrictJson.parse(five, DEPTH, 5));
        assertEquals("Parse error: the JSON value holds more than 4 values (mcp.json.max-values)", refusal(five, DEPTH, 4));
        assertEquals("Parse error: the JSON value holds more than 2 values (mcp.json.max-values)",
                refusal("[[{}]]".getBytes(StandardCharsets.UTF_8), DEPTH, 2));
        assertEquals("\"only\"", StrictJson.parse("\"only\"".getBytes(StandardCharsets.UTF_8), DEPTH, 1).toString());
        // the limit is hit while reading: the rest of a body of two million numbers is never read nor built
        String huge = "[" + "1,".repeat(2_000_000) + "1]";
        assertEquals("Parse error: the JSON value holds more than 100000 values (mcp.json.max-values)", refusal(huge));
        assertEquals(VALUES - 1, ((JsonArray) parse("[" + "1,".repeat(VALUES - 2) + "1]")).size());
        assertThrows(IllegalArgumentException.class, () -> StrictJson.parse("1".getBytes(StandardCharsets.UTF_8), DEPTH, 0));
    }

    // ------------------------------------------------------------------ UTF-8

    private static byte[] bytes(String prefix, int[] raw, String suffix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        record Case(String what, int[] raw) { }
        List<Case> cases = List.of(
                new Case("lone continuation byte", new int[] {0x80}),
                new Case("overlong '/' (2 bytes)", new int[] {0xC0, 0xAF}),
                new Case("overlong NUL", new int[] {0xC0, 0x80}),
                new Case("overlong '/' (3 bytes)", new int[] {0xE0, 0x80, 0xAF}),
                new Case("overlong (4 bytes)", new int[] {0xF0, 0x80, 0x80, 0xAF}),
                new Case("encoded high surrogate U+D800", new int[] {0xED, 0xA0, 0x80}),
                new Case("encoded low surrogate U+DFFF", new int[] {0xED, 0xBF, 0xBF}),
                new Case("encoded surrogate pair (CESU-8)", new int[] {0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}),
                new Case("beyond U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80}),
                new Case("5-byte form", new int[] {0xF8, 0x88, 0x80, 0x80, 0x80}),
                new Case("0xFE", new int[] {0xFE}),
                new Case("0xFF", new int[] {0xFF}),
                new Case("truncated 3-byte sequence", new int[] {0xE2, 0x82}),
                new Case("Latin-1 é", new int[] {0xE9}));
        for (Case c : cases) {
            String message = refusal(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a", c.raw(), "\"}}"), DEPTH, VALUES);
            assertTrue(message.startsWith("Parse error: the body is not valid UTF-8 (malformed sequence "), c.what() + ": " + message);
            assertTrue(message.contains("at byte offset 65)"), c.what() + ": " + message);
        }
        // in a key, in whitespace, and cut off at the very end of the body
        assertTrue(refusal(bytes("{\"", new int[] {0xC0, 0xAF}, "\":1}"), DEPTH, VALUES).contains("not valid UTF-8"));
        assertTrue(refusal(bytes("{} ", new int[] {0xFF}, ""), DEPTH, VALUES).contains("not valid UTF-8"));
        assertTrue(refusal(bytes("\"x", new int[] {0xF0, 0x9F, 0x98}, ""), DEPTH, VALUES).contains("not valid UTF-8"));
        // well-formed multi-byte characters of every length are fine
        assertEquals("é€😀", ((JsonObject) StrictJson.parse(bytes("{\"k\":\"", new int[] {0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80}, "\"}"), DEPTH, VALUES)).getString("k"));
    }

    @Test
    void escapedLoneSurrogatesAreRefused() {
        assertEquals("Parse error: unpaired surrogate \\ud800 in a string at /params/name",
                refusal("{\"params\":{\"name\":\"a\\ud800\"}}"));
        assertEquals("Parse error: unpaired surrogate \\udc00 in a string at /0", refusal("[\"\\udc00\\ud800\"]"));
        assertEquals("Parse error: unpaired surrogate \\ud83d in a key at /params", refusal("{\"params\":{\"\\ud83d\":1}}"));
        assertEquals("Parse error: unpaired surrogate \\ud83d in a string at the top level", refusal("\"\\ud83d\""));
        assertEquals("\ud83d\ude00", ((JsonArray) parse("[\"\\ud83d\\ude00\"]")).getString(0));
    }

    // ------------------------------------------------------------------ trailing data, empty bodies, syntax

    @Test
    void trailingContentAndEmptyBodiesAreRefused() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String text : List.of(ping + ping, ping + " x", ping + "]", ping + "}", ping + "1", "1 2", "[] []", "null null")) {
            assertTrue(refusal(text).startsWith("Parse error: content after the JSON value"), text + ": " + refusal(text));
        }
        assertEquals("Parse error: empty body", refusal(""));
        assertEquals("Parse error: empty body", refusal(" \r\n\t "));
        assertEquals(ping.length(), parse(ping + " \r\n\t").toString().length());
    }

    @Test
    void syntaxErrorsAreParseErrors() {
        for (String text : List.of("{", "[1,", "{\"a\"}", "{'a':1}", "not json", "[1,]", "{\"a\":1,}", "01", "[NaN]",
                "\"\\x\"", "\"a\nb\"", "\ufeff{}", "{\"a\":tru}", "]")) {
            refusal(text);
        }
    }

    // ------------------------------------------------------------------ memory

    /**
     * What building the tree of a 4 MiB body of small values costs. Prints the numbers (allocated during the parse,
     * retained by the tree) and holds the retained size to a bound that keeps a few dozen concurrent bodies in an
     * ordinary heap.
     */
    @Test
    void a4MiBBodyOfSmallValuesStaysWithinReasonableMemory() {
        int size = 4 * 1024 * 1024;
        List<String> report = new ArrayList<>();
        record Body(String what, String element, double maxRetainedFactor) { }
        for (Body body : List.of(
                new Body("repeated small number", "1", 8),
                new Body("distinct numbers", null, 16),
                new Body("repeated short string", "\"a\"", 8),
                new Body("distinct short strings", "\"", 24),
                new Body("empty objects", "{}", 8),
                new Body("one-member objects", "{\"a\":1}", 32))) {
            String text = body(size, body.element());
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            long before = retained();
            long allocatedBefore = allocated();
            // without the value limit (an operator may raise it): what the tree of a full body costs
            JsonValue tree = StrictJson.parse(bytes, DEPTH, Integer.MAX_VALUE);
            long allocatedBytes = allocated() - allocatedBefore;
            long retainedBytes = retained() - before;
            int elements = ((JsonArray) tree).size();
            report.add(String.format("%-24s %,9d elements: retained %,6.1f MiB (%4.1f× the body), allocated %,6.1f MiB",
                    body.what(), elements, retainedBytes / 1048576.0, retainedBytes / (double) bytes.length, allocatedBytes / 1048576.0));
            assertTrue(retainedBytes < body.maxRetainedFactor() * bytes.length,
                    body.what() + ": " + retainedBytes + " bytes retained for a body of " + bytes.length);
            assertTrue(elements > 0);
            tree = null;
            // for comparison: the tree the provider's own parser builds (what the endpoint used before)
            long laxBefore = retained();
            JsonValue laxTree = Json.createReader(new StringReader(text)).readValue();
            long laxRetained = retained() - laxBefore;
            report.add(String.format("%-24s   provider's own tree: retained %,6.1f MiB (%4.1f× the body)", "",
                    laxRetained / 1048576.0, laxRetained / (double) bytes.length));
            assertEquals(elements, ((JsonArray) laxTree).size());
        }
        report.forEach(line -> System.out.println("[StrictJson memory] " + line));
    }

    /** A JSON array of about {@code size} bytes: the element repeated, or distinct numbers/strings when it is null/"\"". */
    private static String body(int size, String element) {
        StringBuilder b = new StringBuilder(size + 64).append('[');
        int i = 0;
        while (b.length() < size - 16) {
            if (i > 0) {
                b.append(',');
            }
            if (element == null) {
                b.append(i);
            } else if (element.equals("\"")) {
                b.append('"').append(Integer.toString(i, 36)).append('"');
            } else {
                b.append(element);
            }
            i++;
        }
        return b.append(']').toString();
    }

    private static long retained() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
