package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Address;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Bean;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Color;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Level;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Person;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Renamed;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.TreeNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArgumentBinderTest {

    private static final Jsonb JSONB = JsonbBuilder.create(ArgumentBinder.jsonbConfig());

    private final ArgumentBinder binder = new ArgumentBinder(JSONB);

    record Range(int from, int to) {
        Range {
            if (from > to) {
                throw new IllegalArgumentException("from must not be after to");
            }
        }
    }

    record Named(String name) {
        Named {
            Objects.requireNonNull(name);
        }
    }

    /** Its constructor quotes the value it refuses, as an author's may. */
    record Code(String code) {
        Code {
            if (!code.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("'" + code + "' is no code");
            }
        }
    }

    record Point(int x, int y) {
    }

    /** Bound through JSON-B, which fills its Set into a HashSet as well (JSON-B wants public classes). */
    public static class Drawing {
        public String title;
        public Set<Dot> points;
        public List<Layer> layers;
    }

    public record Dot(int x, int y) {
    }

    public record Layer(Set<Dot> points) {
    }

    /** Ordered by priority alone: its compareTo says 0 for tags that equals tells apart. */
    public record Tag(String name, int priority) implements Comparable<Tag> {
        @Override
        public int compareTo(Tag other) {
            return Integer.compare(priority, other.priority);
        }
    }

    /** Bound through JSON-B. */
    public static class Labels {
        public Set<Tag> tags;
    }

    /** Bound through JSON-B, whose number readers wrap a value beyond the type's range. */
    public static class Tally {
        public long total;
        public int count;
        public Long boxed;
        public byte level;
        public double share;
        public List<Long> totals;
        public Map<String, Short> byName;
        public Optional<Long> maybe;
        public Dot at;
        public Tally previous;
        public OptionalInt maybeCount;
        public OptionalLong maybeTotal;
        public OptionalDouble maybeShare;
    }

    @Test
    void aNumberBeyondItsRangeInABeanBoundByJsonbFailsAsInARecord() {
        String longRange = "must be between -9223372036854775808 and 9223372036854775807";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("{'total':9223372036854775808}", "total " + longRange);
        expected.put("{'total':-9223372036854775809}", "total " + longRange);
        expected.put("{'count':2147483648}", "count must be between -2147483648 and 2147483647");
        expected.put("{'boxed':1e19}", "boxed " + longRange);
        expected.put("{'level':200}", "level must be between -128 and 127");
        expected.put("{'share':1e400}", "share is out of range for a double-precision number");
        expected.put("{'share':1e-400}", "share is out of range for a double-precision number");
        expected.put("{'total':1.5}", "total must be an integer");
        expected.put("{'totals':[1,18446744073709551616]}", "totals[1] " + longRange);
        expected.put("{'byName':{'a':32768}}", "byName.a must be between -32768 and 32767");
        expected.put("{'maybe':9223372036854775808}", "maybe " + longRange);
        expected.put("{'at':{'x':4294967296,'y':0}}", "at.x must be between -2147483648 and 2147483647");
        expected.put("{'previous':{'previous':{'total':9223372036854775808}}}", "previous.previous.total " + longRange);
        Map<String, String> actual = new LinkedHashMap<>();
        expected.keySet().forEach(json -> actual.put(json, fail(json(json), Tally.class)));
        assertEquals(expected, actual);

        Tally tally = (Tally) binder.bind("a", json("{'total':9223372036854775807,'count':-2147483648,'totals':[1],'share':0.5,"
                + "'previous':{'boxed':-9223372036854775808}}"), Tally.class);
        assertEquals(Long.MAX_VALUE, tally.total);
        assertEquals(Integer.MIN_VALUE, tally.count);
        assertEquals(Long.MIN_VALUE, tally.previous.boxed);
    }

    /** Bound through JSON-B, which reads a short, a byte or a BigInteger only from an integer written without a fraction. */
    public static class Counts {
        public short small;
        public Byte tiny;
        public BigInteger big;
        public List<Short> shorts;
        public Map<String, BigInteger> byName;
        public Tally tally;
        public String note;
    }

    /**
     * A whole number written with a fraction or an exponent (3.0, 1e2) is an integer, as JSON Schema says and a record
     * takes it; in a bean JSON-B binds, a short, a byte or a BigInteger refused it ("is not a valid Counts").
     */
    @Test
    void aWholeNumberWithAFractionOrAnExponentBindsIntoABeanAsIntoARecord() {
        Counts counts = (Counts) binder.bind("c", json("{'small':3.0,'tiny':1e1,'big':1e20,'shorts':[1,2.0,3e0],"
                + "'byName':{'a':5.00},'tally':{'level':-2.0,'total':7.0},'note':'1.0'}"), Counts.class);
        assertEquals(List.of((short) 3, (byte) 10, BigInteger.TEN.pow(20), List.of((short) 1, (short) 2, (short) 3),
                        Map.of("a", BigInteger.valueOf(5)), (byte) -2, 7L, "1.0"),
                List.of(counts.small, counts.tiny, counts.big, counts.shorts, counts.byName, counts.tally.level, counts.tally.total, counts.note));
        assertEquals("small must be an integer", fail(json("{'small':3.5}"), Counts.class));
    }

    /** JSON-B reads a number from a string and wraps an OptionalInt or OptionalLong past its range: the binder refuses both first. */
    @Test
    void aNumberAsAStringOrInAnOptionalNumberOfABeanBoundByJsonbFailsAsInARecord() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("{'total':'12'}", "total must be an integer");
        expected.put("{'share':'0.5'}", "share must be a number");
        expected.put("{'totals':['1']}", "totals[0] must be an integer");
        expected.put("{'maybe':'12'}", "maybe must be an integer");
        expected.put("{'maybeCount':2147483648}", "maybeCount must be between -2147483648 and 2147483647");
        expected.put("{'maybeCount':1.5}", "maybeCount must be an integer");
        expected.put("{'maybeTotal':9223372036854775808}", "maybeTotal must be between -9223372036854775808 and 9223372036854775807");
        expected.put("{'maybeTotal':'12'}", "maybeTotal must be an integer");
        expected.put("{'maybeShare':1e400}", "maybeShare is out of range for a double-precision number");
        Map<String, String> actual = new LinkedHashMap<>();
        expected.keySet().forEach(json -> actual.put(json, fail(json(json), Tally.class)));
        assertEquals(expected, actual);

        Tally tally = (Tally) binder.bind("a", json("{'maybeCount':7,'maybeTotal':null,'boxed':null,'maybeShare':0.5}"), Tally.class);
        assertEquals(List.of(OptionalInt.of(7), OptionalDouble.of(0.5)), List.of(tally.maybeCount, tally.maybeShare));
        assertEquals(null, tally.boxed);
    }

    @AfterAll
    static void closeJsonb() throws Exception {
        JSONB.close();
    }

    /** type, JSON, the Java value it binds to; toJson must give the same JSON back. */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                rt(String.class, "'hi'", "hi"),
                rt(char.class, "'x'", 'x'),
                rt(Character.class, "'y'", 'y'),
                rt(boolean.class, "true", true),
                rt(Boolean.class, "false", false),
                rt(int.class, "42", 42),
                rt(Integer.class, "-1", -1),
                rt(long.class, "9007199254740993", 9007199254740993L),
                rt(Long.class, "-9223372036854775808", Long.MIN_VALUE),
                rt(short.class, "-32768", (short) -32768),
                rt(Short.class, "7", (short) 7),
                rt(byte.class, "127", (byte) 127),
                rt(Byte.class, "-3", (byte) -3),
                rt(BigInteger.class, "123456789012345678901234567890", new BigInteger("123456789012345678901234567890")),
                rt(BigDecimal.class, "12.50", new BigDecimal("12.50")),
                rt(Number.class, "0.1", new BigDecimal("0.1")),
                rt(float.class, "1.1", 1.1f),
                rt(Float.class, "-0.5", -0.5f),
                rt(double.class, "2.25", 2.25),
                rt(Double.class, "1.0E-7", 1.0E-7),
                rt(Color.class, "'GREEN'", Color.GREEN),
                rt(Level.class, "'low'", Level.LOW),
                rt(Instant.class, "'2024-05-01T12:00:00Z'", Instant.parse("2024-05-01T12:00:00Z")),
                rt(Instant.class, "'2024-05-01T12:00:00.123456789Z'", Instant.parse("2024-05-01T12:00:00.123456789Z")),
                rt(OffsetDateTime.class, "'2024-05-01T12:00:00+02:00'", OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2))),
                rt(ZonedDateTime.class, "'2024-05-01T12:00:00-05:00'", ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5))),
                rt(LocalDateTime.class, "'2024-05-01T12:30:00'", LocalDateTime.of(2024, 5, 1, 12, 30)),
                rt(LocalDate.class, "'2024-02-29'", LocalDate.of(2024, 2, 29)),
                rt(LocalTime.class, "'12:30:00.5'", LocalTime.of(12, 30, 0, 500_000_000)),
                rt(OffsetTime.class, "'12:30:00Z'", OffsetTime.of(12, 30, 0, 0, ZoneOffset.UTC)),
                rt(Duration.class, "'PT15M'", Duration.ofMinutes(15)),
                rt(Period.class, "'P1M'", Period.ofMonths(1)),
                rt(UUID.class, "'123e4567-e89b-12d3-a456-426614174000'", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                rt(URI.class, "'https://example.com/a?b=c'", URI.create("https://example.com/a?b=c")),
                rt(new TypeOf<Optional<String>>() { }.type(), "'x'", Optional.of("x")),
                rt(OptionalInt.class, "5", OptionalInt.of(5)),
                rt(OptionalLong.class, "5000000000", OptionalLong.of(5_000_000_000L)),
                rt(OptionalDouble.class, "0.5", OptionalDouble.of(0.5)),
                rt(int[].class, "[1,2,3]", new int[] {1, 2, 3}),
                rt(String[].class, "['a','b']", new String[] {"a", "b"}),
                rt(new TypeOf<List<String>>() { }.type(), "['a','b']", List.of("a", "b")),
                rt(new TypeOf<Collection<Long>>() { }.type(), "[1,2]", new ArrayList<>(List.of(1L, 2L))),
                rt(new TypeOf<Set<Integer>>() { }.type(), "[3,1,2]", new LinkedHashSet<>(List.of(3, 1, 2))),
                rt(new TypeOf<SortedSet<String>>() { }.type(), "['a','b']", new TreeSet<>(List.of("b", "a"))),
                rt(new TypeOf<Set<Color>>() { }.type(), "['RED']", Set.of(Color.RED)),
                rt(new TypeOf<List<List<Integer>>>() { }.type(), "[[1],[],[2,3]]", List.of(List.of(1), List.of(), List.of(2, 3))),
                rt(new TypeOf<Map<String, Integer>>() { }.type(), "{'a':1,'b':2}", Map.of("a", 1, "b", 2)),
                rt(new TypeOf<Map<Color, String>>() { }.type(), "{'RED':'r'}", Map.of(Color.RED, "r")),
                rt(new TypeOf<Map<Level, Integer>>() { }.type(), "{'high':1}", Map.of(Level.HIGH, 1)),
                rt(new TypeOf<SortedMap<String, String>>() { }.type(), "{'b':'2','a':'1'}", new TreeMap<>(Map.of("a", "1", "b", "2"))),
                rt(Address.class, "{'street':'Main','zip':12345,'note':'back door'}", new Address("Main", 12345, Optional.of("back door"))),
                rt(Address.class, "{'street':'Main','zip':12345}", new Address("Main", 12345, Optional.empty())),
                rt(Person.class, "{'name':'Ann','home':{'street':'A','zip':10000},'others':[{'street':'B','zip':20000}]}",
                        new Person("Ann", new Address("A", 10000, Optional.empty()), List.of(new Address("B", 20000, Optional.empty())))),
                rt(Renamed.class, "{'first_name':'Bo','age':3}", new Renamed("Bo", null, 3)),
                rt(new TypeOf<JsonSchemaGeneratorTest.Page<Color>>() { }.type(), "{'items':['RED'],'next':'n'}",
                        new JsonSchemaGeneratorTest.Page<>(List.of(Color.RED), "n")),
                rt(Object.class, "{'a':[1,'x',true,null,{'b':2.5}]}",
                        map("a", Arrays.asList(new BigDecimal("1"), "x", true, null, map("b", new BigDecimal("2.5"))))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("roundTrips")
    void bindsAndWritesBack(Type type, String json, Object expected) {
        Object bound = binder.bind("arg", json(json), type);
        assertTrue(Objects.deepEquals(expected, bound), () -> "expected " + expected + " but bound " + bound);
        assertEquals(json(json), binder.toJson(expected));
    }

    @Test
    void bindsCollectionsToTheirUsualImplementations() {
        assertInstanceOf(ArrayList.class, binder.bind("a", json("[]"), new TypeOf<List<String>>() { }.type()));
        assertInstanceOf(LinkedHashSet.class, binder.bind("a", json("[]"), new TypeOf<Set<String>>() { }.type()));
        assertInstanceOf(LinkedHashMap.class, binder.bind("a", json("{}"), new TypeOf<Map<String, String>>() { }.type()));
        assertEquals(List.of("c", "a", "b"), List.copyOf(((Map<?, ?>) binder.bind("a", json("{'c':1,'a':2,'b':3}"),
                new TypeOf<Map<String, Integer>>() { }.type())).keySet().stream().map(Object::toString).toList()));
    }

    @Test
    void queuesDequesAndEnumMapsBind() {
        // the generator describes them (an array, an object with propertyNames), but binding them failed on every call
        // with "Cannot create a java.util.Queue", which a tool answers as an internal error
        Object queue = binder.bind("q", json("['a','b']"), new TypeOf<Queue<String>>() { }.type());
        assertInstanceOf(Queue.class, queue);
        assertEquals(List.of("a", "b"), queue);
        Object deque = binder.bind("d", json("[1,null]"), new TypeOf<Deque<Object>>() { }.type());
        assertInstanceOf(Deque.class, deque);
        assertEquals(Arrays.asList(new BigDecimal("1"), null), deque);
        Object counts = binder.bind("c", json("{'GREEN':2,'RED':1}"), new TypeOf<EnumMap<Color, Integer>>() { }.type());
        assertInstanceOf(EnumMap.class, counts);
        assertEquals(Map.of(Color.RED, 1, Color.GREEN, 2), counts);
        assertEquals(json("{'RED':1,'GREEN':2}"), binder.toJson(counts));
    }

    @Test
    void aSetOfManyItemsWithOneHashCodeIsRefusedInsteadOfFilledInQuadraticTime() {
        // Point(x, y) hashes as 31 * x + y, so (x, -31 * x) are distinct points with one hash code: a HashSet compared
        // each with all before it, 2 * 10^8 equals calls for these 20,000, as many as 4 MiB of arguments hold
        StringBuilder points = new StringBuilder("[");
        for (int x = 0; x < 20_000; x++) {
            points.append(x == 0 ? "" : ",").append("{'x':").append(x).append(",'y':").append(-31 * x).append('}');
        }
        Type set = new TypeOf<Set<Point>>() { }.type();
        ArgumentBindingException e = assertThrows(ArgumentBindingException.class,
                () -> binder.bind("points", json(points.append(']').toString()), set));
        assertEquals("has more than 64 items with one hash code, more than a set holds efficiently", e.getMessage());

        StringBuilder grid = new StringBuilder("[");
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 100; y++) {
                grid.append(grid.length() == 1 ? "" : ",").append("{'x':").append(x).append(",'y':").append(y).append('}');
            }
        }
        assertEquals(10_000, ((Set<?>) binder.bind("points", json(grid.append(']').toString()), set)).size());
        // Comparable items share a hash code at no such cost (the set orders them): 128 strings of one hash bind
        StringBuilder words = new StringBuilder("[");
        for (int i = 0; i < 128; i++) {
            words.append(i == 0 ? "'" : ",'");
            for (int bit = 0; bit < 7; bit++) {
                words.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            words.append('\'');
        }
        assertEquals(128, ((Set<?>) binder.bind("words", json(words.append(']').toString()), new TypeOf<Set<String>>() { }.type())).size());
    }

    @Test
    void aSetInABeanBoundByJsonbIsHeldToTheSameBoundOfItemsWithOneHashCode() {
        StringBuilder colliding = new StringBuilder("[");
        for (int x = 0; x < 20_000; x++) {
            colliding.append(x == 0 ? "" : ",").append("{'x':").append(x).append(",'y':").append(-31 * x).append('}');
        }
        String points = colliding.append(']').toString();
        String bound = "has more than 64 items with one hash code, more than a set holds efficiently";
        assertEquals("points " + bound, assertThrows(ArgumentBindingException.class,
                () -> binder.bind("drawing", json("{'title':'t','points':" + points + "}"), Drawing.class)).getMessage());
        assertEquals("layers[1].points " + bound, assertThrows(ArgumentBindingException.class,
                () -> binder.bind("drawing", json("{'layers':[{'points':[]},{'points':" + points + "}]}"), Drawing.class)).getMessage());

        StringBuilder grid = new StringBuilder("[");
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 100; y++) {
                grid.append(grid.length() == 1 ? "" : ",").append("{'x':").append(x).append(",'y':").append(y).append('}');
            }
        }
        Drawing drawing = (Drawing) binder.bind("drawing", json("{'title':'t','points':" + grid.append(']') + "}"), Drawing.class);
        assertEquals(10_000, drawing.points.size());
        assertEquals("t", drawing.title);
    }

    @Test
    void aSetOfComparableRecordsWithOneHashCodeIsRefusedWhenTheirOrderIsCoarserThanEquals() {
        // Strings of "Aa" and "BB" share one hash code, so these tags share one too, and compareTo finds them all equal:
        // a HashSet's tree of one hash code could not tell them apart and compared each with all before it
        StringBuilder tags = new StringBuilder("[");
        for (int i = 0; i < 65; i++) {
            tags.append(i == 0 ? "{'name':'" : ",{'name':'");
            for (int bit = 0; bit < 7; bit++) {
                tags.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            tags.append("','priority':1}");
        }
        String colliding = tags.append(']').toString();
        String bound = "has more than 64 items with one hash code, more than a set holds efficiently";
        assertEquals(bound, assertThrows(ArgumentBindingException.class,
                () -> binder.bind("tags", json(colliding), new TypeOf<Set<Tag>>() { }.type())).getMessage());
        assertEquals("tags " + bound, assertThrows(ArgumentBindingException.class,
                () -> binder.bind("labels", json("{'tags':" + colliding + "}"), Labels.class)).getMessage());
        assertEquals(2, ((Set<?>) binder.bind("tags", json("[{'name':'a','priority':1},{'name':'b','priority':1}]"),
                new TypeOf<Set<Tag>>() { }.type())).size());
    }

    /** Ordered by a name that may be left out, which its compareTo does not expect. */
    record Label(String name) implements Comparable<Label> {
        @Override
        public int compareTo(Label other) {
            return name.compareTo(other.name);
        }
    }

    @Test
    void sortedCollectionsOfObjectFailTheDeployment() {
        // mixed items (["a", 1], an object) threw a ClassCastException and a null a NullPointerException on every call
        String sorted = " keeps its items sorted, and Object is not Comparable; declare a Set or a List";
        assertEquals("parameter 'xs' (SortedSet<Object>): SortedSet" + sorted, assertThrows(IllegalArgumentException.class,
                () -> ArgumentBinder.requireBindable(new SchemaProperty("xs", new TypeOf<SortedSet<Object>>() { }.type(), null, true))).getMessage());
        assertEquals("parameter 'xs' (TreeSet<Object>): TreeSet" + sorted, assertThrows(IllegalArgumentException.class,
                () -> ArgumentBinder.requireBindable(new SchemaProperty("xs", new TypeOf<TreeSet<Object>>() { }.type(), null, true))).getMessage());
        assertEquals("parameter 'xs' (PriorityQueue<Object>): PriorityQueue" + sorted, assertThrows(IllegalArgumentException.class,
                () -> ArgumentBinder.requireBindable(new SchemaProperty("xs", new TypeOf<PriorityQueue<Object>>() { }.type(), null, true))).getMessage());
        ArgumentBinder.requireBindable(new SchemaProperty("xs", new TypeOf<SortedSet<String>>() { }.type(), null, true));
    }

    @Test
    void aNullItemOfACollectionThatHoldsNoNullIsAnInvalidArgument() {
        // ArrayDeque, sorted collections and EnumSet threw a NullPointerException, which a call answers as an internal error
        assertEquals("[1] must not be null", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("xs", json("['a',null]"), new TypeOf<ArrayDeque<Object>>() { }.type())).getMessage());
        assertEquals("[0] must not be null", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("xs", json("[null]"), new TypeOf<TreeSet<String>>() { }.type())).getMessage());
        assertEquals("[0] must not be null", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("xs", json("[null]"), new TypeOf<PriorityQueue<Integer>>() { }.type())).getMessage());
        assertEquals("[1] must not be null", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("xs", json("['RED',null]"), new TypeOf<EnumSet<Color>>() { }.type())).getMessage());
        // an item its compareTo cannot take fails at its path too
        assertEquals("[1] cannot be ordered with the items before it", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("xs", json("[{'name':'a'},{}]"), new TypeOf<SortedSet<Label>>() { }.type())).getMessage());
        assertEquals(Arrays.asList("a", null), new ArrayList<>((Collection<?>) binder.bind("xs", json("['a',null]"),
                new TypeOf<Deque<Object>>() { }.type())), "a Deque is filled into a LinkedList, which holds null");
    }

    @Test
    void urlsBindAndWriteAsText() {
        URL url = (URL) binder.bind("a", json("'https://example.com/x'"), URL.class);
        assertEquals("https://example.com/x", url.toString());
        assertEquals(Json.createValue("https://example.com/x"), binder.toJson(url));
    }

    @Test
    void aUriOrUrlIsWrittenInAscii() throws Exception {
        // the uri format (RFC 3986) is ASCII only: written as it was, the value broke its own outputSchema
        String ascii = "http://%E4%BE%8B%E3%81%88.jp/%C3%A9";
        assertEquals(Json.createValue(ascii), binder.toJson(new URI("http://\u4f8b\u3048.jp/\u00e9")));
        assertEquals(Json.createValue(ascii), binder.toJson(new URI("http://\u4f8b\u3048.jp/\u00e9").toURL()));
        assertEquals(Json.createValue("https://example.com/a%20b?q=1#f"), binder.toJson(new URI("https://example.com/a%20b?q=1#f")));
    }

    @Test
    void jsonValuesPassThrough() {
        JsonObject object = json("{'a':1}").asJsonObject();
        assertSame(object, binder.bind("a", object, JsonObject.class));
        assertSame(object, binder.bind("a", object, JsonValue.class));
        JsonValue number = json("5");
        assertSame(number, binder.bind("a", number, JsonValue.class));
        assertSame(JsonValue.NULL, binder.bind("a", JsonValue.NULL, JsonValue.class));
        assertNull(binder.bind("a", null, JsonValue.class));
        assertSame(object, binder.toJson(object));
        assertEquals("must be an object", fail(json("[]"), JsonObject.class));
        assertEquals("must be an array", fail(json("{}"), JsonArray.class));
    }

    @Test
    void absentAndNullValues() {
        assertEquals("is required", assertThrows(ArgumentBindingException.class, () -> binder.bind("n", null, int.class)).getMessage());
        assertEquals("must not be null",
                assertThrows(ArgumentBindingException.class, () -> binder.bind("n", JsonValue.NULL, boolean.class)).getMessage());
        assertNull(binder.bind("n", null, Integer.class));
        assertNull(binder.bind("n", JsonValue.NULL, String.class));
        assertNull(binder.bind("n", null, Address.class));
        assertEquals(Optional.empty(), binder.bind("n", null, new TypeOf<Optional<String>>() { }.type()));
        assertEquals(Optional.empty(), binder.bind("n", JsonValue.NULL, new TypeOf<Optional<Address>>() { }.type()));
        assertEquals(OptionalInt.empty(), binder.bind("n", null, OptionalInt.class));
        assertEquals(OptionalLong.empty(), binder.bind("n", JsonValue.NULL, OptionalLong.class));
        assertEquals(OptionalDouble.empty(), binder.bind("n", null, OptionalDouble.class));
        assertEquals(new Renamed(null, null, null), binder.bind("n", json("{}"), Renamed.class));
        assertEquals(Arrays.asList("a", null), binder.bind("n", json("['a',null]"), new TypeOf<List<String>>() { }.type()));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                fl(int.class, "'7'", "must be an integer"),
                fl(int.class, "1.5", "must be an integer"),
                fl(int.class, "2147483648", "must be between -2147483648 and 2147483647"),
                fl(Short.class, "-32769", "must be between -32768 and 32767"),
                fl(byte.class, "128", "must be between -128 and 127"),
                fl(long.class, "1e20", "must be between -9223372036854775808 and 9223372036854775807"),
                fl(long.class, "1e999999999", "must be between -9223372036854775808 and 9223372036854775807"),
                fl(BigInteger.class, "0.5", "must be an integer"),
                fl(double.class, "1e400", "is out of range for a double-precision number"),
                fl(Float.class, "1e39", "is out of range for a single-precision number"),
                // too close to 0: it would become 0 or -0, past the exclusiveMinimum of a @Positive it was checked against
                fl(double.class, "1e-400", "is out of range for a double-precision number"),
                fl(Double.class, "-1e-400", "is out of range for a double-precision number"),
                fl(float.class, "1e-50", "is out of range for a single-precision number"),
                fl(double.class, "'x'", "must be a number"),
                fl(BigDecimal.class, "true", "must be a number"),
                fl(String.class, "5", "must be a string"),
                fl(char.class, "'ab'", "must be a single character"),
                fl(Character.class, "''", "must be a single character"),
                fl(boolean.class, "'true'", "must be true or false"),
                fl(Color.class, "'BLUE'", "must be one of RED, GREEN"),
                fl(Level.class, "'LOW'", "must be one of low, high"),
                fl(Color.class, "0", "must be one of RED, GREEN"),
                fl(Instant.class, "'2024-05-01'", "must be a date-time with offset, e.g. 2024-05-01T12:00:00Z"),
                fl(Instant.class, "5", "must be a date-time with offset, e.g. 2024-05-01T12:00:00Z"),
                fl(OffsetDateTime.class, "'2024-05-01T12:00:00'", "must be a date-time with offset, e.g. 2024-05-01T12:00:00+02:00"),
                fl(LocalDateTime.class, "'2024-05-01T12:00:00Z'", "must be a date-time without offset, e.g. 2024-05-01T12:00:00"),
                fl(LocalDate.class, "'2024-02-30'", "must be a date, e.g. 2024-05-01"),
                fl(LocalTime.class, "'25:00'", "must be a time without offset, e.g. 12:00:00"),
                fl(OffsetTime.class, "'12:00:00'", "must be a time with offset, e.g. 12:00:00Z"),
                fl(Duration.class, "'P1M'", "must be a duration in days, hours, minutes and seconds, e.g. PT15M"),
                fl(Period.class, "'PT1H'", "must be a period in years, months, weeks and days, e.g. P1M"),
                fl(UUID.class, "'1-1-1-1-1'", "must be a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000"),
                fl(URI.class, "'a b'", "must be a URI"),
                fl(URL.class, "'relative/path'", "must be an absolute URL, e.g. https://example.com/"),
                fl(new TypeOf<List<String>>() { }.type(), "{}", "must be an array"),
                fl(new TypeOf<List<String>>() { }.type(), "['a',1]", "[1] must be a string"),
                fl(int[].class, "[1,null]", "[1] must not be null"),
                fl(new TypeOf<Map<String, Integer>>() { }.type(), "[]", "must be an object"),
                fl(new TypeOf<Map<String, Integer>>() { }.type(), "{'a':'x'}", "a must be an integer"),
                fl(new TypeOf<Map<Color, String>>() { }.type(), "{'BLUE':'x'}", "BLUE must be one of RED, GREEN"),
                fl(new TypeOf<Optional<Integer>>() { }.type(), "'x'", "must be an integer"),
                fl(Address.class, "[]", "must be an object"),
                fl(Address.class, "{'street':'x'}", "zip is required"),
                fl(Address.class, "{'street':'x','zip':'y'}", "zip must be an integer"),
                fl(Person.class, "{'name':'a','home':{'street':'s','zip':1.5}}", "home.zip must be an integer"),
                fl(Person.class, "{'name':'a','others':[{'street':'s','zip':1},{'zip':true}]}", "others[1].zip must be an integer"),
                fl(Range.class, "{'from':5,'to':1}", "from must not be after to"),
                fl(Named.class, "{}", "is not a valid Named"),
                fl(Bean.class, "{'size':'big'}", "size must be an integer"),
                fl(Bean.class, "{'title':{'a':1}}", "is not a valid Bean"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failures")
    void failsWithASafeMessage(Type type, String json, String message) {
        ArgumentBindingException e = assertThrows(ArgumentBindingException.class, () -> binder.bind("n", json(json), type));
        assertEquals(message, e.getMessage());
        assertEquals("n", e.argumentName());
    }

    /** Where a path leads under a long key, and what an author's constructor quotes of a long value, stay bounded. */
    @Test
    void aBindingMessageShowsTheBeginningOfLongKeysAndValuesOnly() {
        ArgumentBindingException quoting = assertThrows(ArgumentBindingException.class,
                () -> binder.bind("n", Json.createObjectBuilder().add("code", "x".repeat(4_000_000)).build(), Code.class));
        assertEquals(ArgumentBindingException.MAX_MESSAGE, quoting.getMessage().length());
        assertTrue(quoting.getMessage().startsWith("'xxx") && quoting.getMessage().endsWith("x…"), quoting.getMessage());

        String key = "k".repeat(1_000_000);
        ArgumentBindingException nested = assertThrows(ArgumentBindingException.class, () -> binder.bind("n",
                Json.createObjectBuilder().add(key, "seven").build(), new TypeOf<Map<String, Integer>>() { }.type()));
        assertEquals("[\"" + "k".repeat(InstancePath.MAX_NAME_SHOWN) + "…\"] must be an integer", nested.getMessage());
    }

    @Test
    void numbersUpToTheBoundBindExactly() {
        // beyond it they never get here: JsonNumbersTest, and where the server checks them (ToolsFeatureTest, ...)
        for (String json : List.of("1e999", "-1e-1000", "9".repeat(1000), "0." + "9".repeat(1000), "9".repeat(600) + "." + "9".repeat(400))) {
            assertEquals(new BigDecimal(json), binder.bind("n", json(json), BigDecimal.class), json);
            assertEquals(new BigDecimal(json), binder.bind("n", json(json), Object.class), json);
        }
        assertEquals(BigInteger.TEN.pow(999), binder.bind("n", json("1e999"), BigInteger.class));
        assertEquals(new BigInteger("9".repeat(1000)), binder.bind("n", json("9".repeat(1000)), BigInteger.class));
    }

    @Test
    void textNumbersBeyondTheBoundAreRefused() {
        String message = "must have at most 1000 significant digits, 1000 before the point and 1000 after it (exponent included)";
        for (String text : List.of("1e500000000", "-1e-500000000", "1e1000", "1e9999999999", "0e500000000", "1".repeat(1001))) {
            for (Type type : List.of(BigDecimal.class, BigInteger.class, Number.class, long.class, OptionalDouble.class)) {
                ArgumentBindingException e = assertThrows(ArgumentBindingException.class, () -> binder.bindText("v", text, type), text);
                assertEquals(message, e.getMessage(), text + " " + type);
                assertEquals("v", e.argumentName());
            }
        }
        assertEquals(new BigDecimal("1e999"), binder.bindText("v", "1e999", BigDecimal.class));
        assertEquals(new BigInteger("12345678901234567890"), binder.bindText("v", "12345678901234567890", BigInteger.class));
        assertEquals("1e500000000", binder.bindText("v", "1e500000000", String.class));
        String widest = "-0." + "9".repeat(1000);
        assertEquals(new BigDecimal(widest), binder.bindText("v", widest, BigDecimal.class), "the widest number within the bound");
    }

    /**
     * Millions of digits in a text argument (a prompt's) are refused without being parsed: BigDecimal's parse is
     * quadratic in them, 800,000 digits took 13 s of CPU; the default body holds four million.
     */
    @Test
    void aNumberOfMillionsOfDigitsInTextIsRefusedWithoutBeingParsed() {
        String digits = "1".repeat(4_000_000);
        ArgumentBindingException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThrows(ArgumentBindingException.class, () -> binder.bindText("count", digits, int.class)));
        assertEquals("count", e.argumentName());
    }

    @Test
    void messageFollowsTheArgumentName() {
        ArgumentBindingException e = assertThrows(ArgumentBindingException.class,
                () -> binder.bind("ship-to", json("{'others':[{'street':'s','zip':1},{'zip':'x','b c':1}]}"), Person.class));
        assertEquals("ship-to", e.argumentName());
        assertEquals("ship-to: others[1].zip must be an integer", e.argumentName() + ": " + e.getMessage());
        assertEquals("[\"b c\"] must be an integer", assertThrows(ArgumentBindingException.class,
                () -> binder.bind("m", json("{'b c':'x'}"), new TypeOf<Map<String, Integer>>() { }.type())).getMessage());
        assertNull(assertThrows(ArgumentBindingException.class, () -> binder.bind(null, json("'x'"), int.class)).argumentName());
    }

    @Test
    void beansGoThroughJsonb() {
        Bean bean = (Bean) binder.bind("b", json("{'title':'t','size':3,'unknown':1}"), Bean.class);
        assertEquals("t", bean.title);
        assertEquals(3, bean.getSize());
        assertEquals(json("{'title':'t','size':3,'active':false,'computed':'x'}"), binder.toJson(bean));
        ArgumentBindingException e = assertThrows(ArgumentBindingException.class, () -> binder.bind("b", json("{'title':{'a':1}}"), Bean.class));
        assertInstanceOf(RuntimeException.class, e.getCause(), "the JSON-B failure stays available for logging");
    }

    @Test
    void deepNestingIsRefusedBeforeRecursion() {
        JsonValue arrays = Json.createArrayBuilder().build();
        for (int i = 1; i < 10_000; i++) {
            arrays = Json.createArrayBuilder().add(arrays).build();
        }
        JsonValue deepArrays = arrays;
        JsonValue tree = Json.createObjectBuilder().add("label", "leaf").add("children", JsonValue.EMPTY_JSON_ARRAY).build();
        for (int i = 1; i < 5_000; i++) {
            tree = Json.createObjectBuilder().add("label", "n").add("children", Json.createArrayBuilder().add(tree)).build();
        }
        JsonValue deepTree = tree;
        String message = "must not nest arrays and objects more than 100 levels deep";
        assertEquals(message, assertThrows(ArgumentBindingException.class, () -> binder.bind("a", deepArrays, Object.class)).getMessage());
        assertEquals(message, assertThrows(ArgumentBindingException.class,
                () -> binder.bind("a", deepArrays, new TypeOf<List<Object>>() { }.type())).getMessage());
        assertEquals(message, assertThrows(ArgumentBindingException.class, () -> binder.bind("a", deepTree, TreeNode.class)).getMessage());
        assertEquals(message, assertThrows(ArgumentBindingException.class, () -> binder.bind("a", deepArrays, Bean.class)).getMessage());
    }

    @Test
    void cyclicValuesCannotBeWritten() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertEquals("[0]".repeat(16) + "… nests more than 100 levels deep (a cycle?)",
                assertThrows(UnwritableValueException.class, () -> binder.toJson(cycle)).getMessage());
    }

    @Test
    void writesRfc3339TimesWithSecondsAndOffsets() {
        assertEquals(Json.createValue("2024-05-01T12:00:00Z"),
                binder.toJson(OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals(Json.createValue("2024-05-01T12:00:00+02:00"),
                binder.toJson(ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"))));
        assertEquals(Json.createValue("2024-05-01T12:00:00Z"), binder.toJson(Instant.parse("2024-05-01T12:00:00Z")));
        assertEquals(Json.createValue("2024-05-01T12:00:00"), binder.toJson(LocalDateTime.of(2024, 5, 1, 12, 0)));
        assertEquals(Json.createValue("12:00:00"), binder.toJson(LocalTime.NOON));
        assertEquals(Json.createValue("12:00:00.000001+01:00"), binder.toJson(OffsetTime.of(12, 0, 0, 1000, ZoneOffset.ofHours(1))));
    }

    @Test
    void readsLowerCaseSeparatorsThatRfc3339Allows() {
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), binder.bind("t", json("'2024-05-01t12:00:00z'"), Instant.class));
        assertEquals(ZonedDateTime.parse("2024-05-01T12:00:00+02:00[Europe/Paris]"),
                binder.bind("t", json("'2024-05-01T12:00:00+02:00[Europe/Paris]'"), ZonedDateTime.class));
    }

    @Test
    void writesNumbersAsJsonNumbers() {
        assertEquals("1.1", binder.toJson(1.1f).toString());
        assertEquals("5", binder.toJson(5).toString());
        assertEquals("is NaN, which a JSON number cannot express",
                assertThrows(UnwritableValueException.class, () -> binder.toJson(Double.NaN)).getMessage());
        assertEquals(JsonValue.NULL, binder.toJson(null));
        assertEquals(JsonValue.NULL, binder.toJson(Optional.empty()));
    }

    @Test
    void recordsLeaveOutNullsAndEmptyOptionals() {
        assertEquals(json("{'age':3}"), binder.toJson(new Renamed(null, "hidden", 3)));
        assertEquals(json("{'street':'s','zip':10000}"), binder.toJson(new Address("s", 10000, Optional.empty())));
    }

    @Test
    void javaTimePatternsMatchWhatTheBinderReads() {
        java.util.regex.Pattern localDateTime = java.util.regex.Pattern.compile(TypeSchemas.LOCAL_DATE_TIME_PATTERN);
        java.util.regex.Pattern localTime = java.util.regex.Pattern.compile(TypeSchemas.LOCAL_TIME_PATTERN);
        for (String s : List.of("2024-05-01T12:30", "2024-05-01T12:30:15", "2024-05-01T12:30:15.123456789")) {
            assertTrue(localDateTime.matcher(s).find(), s);
            assertEquals(LocalDateTime.parse(s), binder.bind("t", Json.createValue(s), LocalDateTime.class));
        }
        for (String s : List.of("2024-05-01T12:30Z", "2024-05-01 12:30", "2024-05-01T12:30:15.1234567890")) {
            assertTrue(!localDateTime.matcher(s).find(), s);
        }
        for (String s : List.of("12:30", "12:30:15", "12:30:15.5")) {
            assertTrue(localTime.matcher(s).find(), s);
            assertEquals(LocalTime.parse(s), binder.bind("t", Json.createValue(s), LocalTime.class));
        }
        assertTrue(!localTime.matcher("12:30:15+01:00").find());
    }

    // --- helpers -----------------------------------------------------------------------------

    private String fail(JsonValue json, Type type) {
        return assertThrows(ArgumentBindingException.class, () -> binder.bind("a", json, type)).getMessage();
    }

    private static Arguments rt(Type type, String json, Object expected) {
        return Arguments.of(type, json, expected);
    }

    private static Arguments fl(Type type, String json, String message) {
        return Arguments.of(type, json, message);
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
