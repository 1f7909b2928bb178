package dev.jakartamcp.schema;

import static dev.jakartamcp.schema.TestJson.json;
import static dev.jakartamcp.schema.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Address;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Color;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.Level;
import dev.jakartamcp.schema.JsonSchemaGeneratorTest.TreeNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The generator, the validator and the binder must agree on what a value looks like in JSON. */
class SchemaConsistencyTest {

    private static final Jsonb JSONB = JsonbBuilder.create(ArgumentBinder.jsonbConfig());

    private final JsonSchemaGenerator generator = new JsonSchemaGenerator();
    private final ArgumentBinder binder = new ArgumentBinder(JSONB);

    record Everything(
            @NotBlank String text,
            char letter,
            boolean flag,
            @Min(0) @Max(10) int small,
            long big,
            short shortNumber,
            byte tiny,
            BigInteger huge,
            float ratio,
            double precise,
            BigDecimal money,
            Color color,
            @JsonbProperty("level_name") Level level,
            List<String> tags,
            Set<Integer> uniqueNumbers,
            Map<String, Address> addresses,
            Map<Color, Integer> counts,
            Optional<String> maybe,
            OptionalInt maybeNumber,
            Instant instant,
            OffsetDateTime offsetDateTime,
            ZonedDateTime zonedDateTime,
            LocalDateTime localDateTime,
            LocalDate localDate,
            LocalTime localTime,
            OffsetTime offsetTime,
            Duration duration,
            Period period,
            UUID id,
            URI link,
            @Email String email,
            @Size(max = 3) List<TreeNode> forest,
            JsonObject extra) {
    }

    /** A bean with a property of its type variable. */
    public static class Box<T> {
        public T value;
    }

    public static class IntegerBox extends Box<Integer> {
    }

    public static class Ranked<T extends Comparable<T>> {
        private T best;

        public T getBest() {
            return best;
        }

        public void setBest(T best) {
            this.best = best;
        }
    }

    public static class RankedName extends Ranked<String> {
    }

    /** Bound and written by JSON-B, as is the record inside it. */
    public static class Setting {
        public Level level;
        public List<Level> history;
        public Map<Level, Integer> counts;
        public Leveled inner;
    }

    public record Leveled(Level level) {
    }

    /** Written by JSON-B, which appends a ZonedDateTime's region unless told otherwise. */
    public static class Meeting {
        public ZonedDateTime at;
        public List<ZonedDateTime> moved;
        public Map<String, ZonedDateTime> byRoom;
    }

    @AfterAll
    static void closeJsonb() throws Exception {
        JSONB.close();
    }

    @Test
    void writtenValueValidatesAgainstTheGeneratedSchemaAndBindsBack() {
        Map<String, Address> addresses = new LinkedHashMap<>();
        addresses.put("home", new Address("Main St", 12345, Optional.of("ring twice")));
        addresses.put("work", new Address("Side St", 54321, Optional.empty()));
        Map<Color, Integer> counts = new LinkedHashMap<>();
        counts.put(Color.RED, 2);
        TreeNode tree = new TreeNode("root", List.of(new TreeNode("leaf", List.of())));
        Everything value = new Everything("hello", 'x', true, 7, 1L << 40, (short) -2, (byte) 3,
                new BigInteger("123456789012345678901234567890"), 0.25f, 1e-3, new BigDecimal("19.99"),
                Color.GREEN, Level.HIGH, List.of("a", "b"), new LinkedHashSet<>(List.of(3, 1)), addresses, counts,
                Optional.empty(), OptionalInt.of(4),
                Instant.parse("2024-05-01T12:00:00Z"),
                OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")),
                LocalDateTime.of(2024, 5, 1, 12, 0), LocalDate.of(2024, 5, 1), LocalTime.of(12, 0), OffsetTime.of(12, 0, 0, 0, ZoneOffset.UTC),
                Duration.ofMillis(1500), Period.ofWeeks(2), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                URI.create("https://example.com/"), "a@example.com", List.of(tree), object("{'free':['form']}"));

        JsonObject schema = generator.schemaFor(Everything.class);
        JsonValue written = binder.toJson(value);

        assertEquals(List.of(), ReferenceValidator.metaSchemaErrors(schema));
        assertEquals(List.of(), SchemaValidator.validate(schema, written));
        // PT1.5S, which the duration format (RFC 3339) does not admit: a Duration's schema has the pattern alone
        assertEquals(List.of(), ReferenceValidator.errors(schema, written));
        Everything bound = (Everything) binder.bind("value", written, Everything.class);
        // A ZonedDateTime is written with its offset, so it comes back with that offset as its zone.
        assertEquals(value.zonedDateTime().toOffsetDateTime(), bound.zonedDateTime().toOffsetDateTime());
        assertEquals(new Everything(value.text(), value.letter(), value.flag(), value.small(), value.big(), value.shortNumber(),
                value.tiny(), value.huge(), value.ratio(), value.precise(), value.money(), value.color(), value.level(), value.tags(),
                value.uniqueNumbers(), value.addresses(), value.counts(), value.maybe(), value.maybeNumber(), value.instant(),
                value.offsetDateTime(), bound.zonedDateTime(), value.localDateTime(), value.localDate(), value.localTime(),
                value.offsetTime(), value.duration(), value.period(), value.id(), value.link(), value.email(), value.forest(),
                value.extra()), bound);
    }

    @Test
    void aZonedDateTimeInABeanIsWrittenAsTheDateTimeItsSchemaSays() {
        ZonedDateTime paris = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris"));
        Meeting meeting = new Meeting();
        meeting.at = paris;
        meeting.moved = List.of(paris.plusDays(1));
        meeting.byRoom = Map.of("blue", paris.plusHours(1));
        JsonObject schema = generator.schemaFor(Meeting.class);
        JsonValue written = binder.toJson(meeting);

        assertEquals(object("{'at':'2024-01-01T00:00:00+01:00','byRoom':{'blue':'2024-01-01T01:00:00+01:00'},"
                + "'moved':['2024-01-02T00:00:00+01:00']}"), written);
        assertEquals(written, binder.toJsonForOutputSchema(meeting, OutputSchema.of(Meeting.class)));
        assertEquals(List.of(), SchemaValidator.validate(schema, written));
        assertEquals(paris.toOffsetDateTime(), ((Meeting) binder.bind("m", written, Meeting.class)).at.toOffsetDateTime());
    }

    /** Read by JSON-B, which refused what RFC 3339 allows and the schema admits, with a message naming only the class. */
    @Test
    void aDateTimeInABeanIsReadAsItsSchemaAdmitsIt() {
        JsonObject schema = generator.schemaFor(Meeting.class);
        JsonObject lowerCaseAndLeapSecond = object("{'at':'2016-12-31t23:59:60z'}");
        assertEquals(List.of(), SchemaValidator.validate(schema, lowerCaseAndLeapSecond));
        assertEquals(ZonedDateTime.parse("2016-12-31T23:59:59Z"), ((Meeting) binder.bind("m", lowerCaseAndLeapSecond, Meeting.class)).at);
        assertEquals(null, ((Meeting) binder.bind("m", object("{'at':null}"), Meeting.class)).at);

        JsonObject outOfRange = object("{'byRoom':{'blue':'2024-05-01T12:00:00+19:00'}}");
        assertEquals(false, SchemaValidator.validate(schema, outOfRange).isEmpty());
        assertEquals("byRoom.blue must be a date-time with offset, e.g. 2024-05-01T12:00:00+02:00",
                assertThrows(ArgumentBindingException.class, () -> binder.bind("m", outOfRange, Meeting.class)).getMessage());
    }

    @Test
    void theEnumsOfABeanAreDescribedByTheNamesJsonbReadsAndWrites() {
        Setting value = new Setting();
        value.level = Level.HIGH;
        value.history = List.of(Level.LOW);
        value.counts = Map.of(Level.LOW, 1);
        value.inner = new Leveled(Level.HIGH);
        JsonObject schema = generator.schemaFor(Setting.class);
        JsonValue written = binder.toJson(value);

        // JSON-B (Yasson) writes and reads an enum constant by name(), @JsonbProperty on the constant or not
        assertEquals(object("{'counts':{'LOW':1},'history':['LOW'],'inner':{'level':'HIGH'},'level':'HIGH'}"), written);
        assertEquals(written, binder.toJsonForOutputSchema(value, OutputSchema.of(Setting.class)), "written for its schema, as JSON-B writes it");
        assertEquals(ArgumentBindingException.class, org.junit.jupiter.api.Assertions.assertThrows(ArgumentBindingException.class,
                () -> binder.bind("setting", object("{'level':'high'}"), Setting.class)).getClass());
        assertEquals(List.of(), SchemaValidator.validate(schema, written));
        assertEquals(List.of(), ReferenceValidator.errors(schema, written));
        Setting bound = (Setting) binder.bind("setting", written, Setting.class);
        assertEquals(List.of(Level.HIGH, List.of(Level.LOW), Map.of(Level.LOW, 1), new Leveled(Level.HIGH)),
                List.of(bound.level, bound.history, bound.counts, bound.inner));
        assertEquals(List.of("level must be one of \"LOW\", \"HIGH\""),
                SchemaValidator.validate(schema, object("{'level':'high'}")).stream().map(SchemaViolation::toString).toList());

        // bound by the binder itself, the record keeps the @JsonbProperty names, as the binder reads and writes them
        JsonObject leveled = generator.schemaFor(Leveled.class);
        assertEquals(object("{'level':'high'}"), binder.toJson(new Leveled(Level.HIGH)));
        assertEquals(List.of(), SchemaValidator.validate(leveled, binder.toJson(new Leveled(Level.HIGH))));
    }

    @SuppressWarnings("unused")
    static void createOrder(
            @NotBlank String customer,
            @Min(1) @Max(100) int quantity,
            Optional<Color> color,
            @Size(max = 2) List<Address> shipTo,
            Optional<LocalDate> deliverBy) {
    }

    @Test
    void toolArgumentsThatPassValidationBind() throws Exception {
        List<SchemaProperty> properties = new java.util.ArrayList<>();
        for (var p : SchemaConsistencyTest.class.getDeclaredMethod("createOrder", String.class, int.class, Optional.class,
                List.class, Optional.class).getParameters()) {
            properties.add(new SchemaProperty(p.getName(), p.getParameterizedType(), null, false, p.getAnnotations()));
        }
        JsonObject schema = generator.objectSchema(properties);

        JsonObject good = object("{'customer':'ACME','quantity':3,'shipTo':[{'street':'Main','zip':12345}],'unknown':true}");
        assertEquals(List.of(), SchemaValidator.validate(schema, good));
        assertEquals(List.of(), ReferenceValidator.errors(schema, good));
        assertEquals(3, binder.bind("quantity", good.get("quantity"), int.class));
        assertEquals(Optional.empty(), binder.bind("color", good.get("color"), properties.get(2).type()));
        assertEquals(List.of(new Address("Main", 12345, Optional.empty())), binder.bind("shipTo", good.get("shipTo"), properties.get(3).type()));

        JsonObject bad = object("{'customer':' ','quantity':0,'color':'BLUE','shipTo':[{'street':'Main','zip':123},{},{}],"
                + "'deliverBy':'2024-02-30'}");
        assertEquals(List.of(
                "customer must not be blank",
                "quantity must be >= 1",
                "color must be one of \"RED\", \"GREEN\"",
                "shipTo must have at most 2 items",
                "shipTo[0].zip must be >= 10000",
                "shipTo[1].street is required",
                "shipTo[1].zip is required",
                "shipTo[2].street is required",
                "shipTo[2].zip is required",
                "deliverBy must be a valid date (e.g. 2024-05-01)"),
                SchemaValidator.validate(schema, bad).stream().map(SchemaViolation::toString).toList());
        assertEquals(false, ReferenceValidator.errors(schema, bad).isEmpty());
    }

    @Test
    void aBeanInheritingAGenericPropertyIsDescribedWithTheTypeItInheritsItWith() {
        JsonObject schema = generator.schemaFor(IntegerBox.class);
        assertEquals(object("{'type':'integer','minimum':-2147483648,'maximum':2147483647}"),
                schema.getJsonObject("properties").getJsonObject("value"));
        assertEquals(List.of("value must be of type integer but was string"),
                SchemaValidator.validate(schema, object("{'value':'seven'}")).stream().map(SchemaViolation::toString).toList());
        assertEquals(7, ((IntegerBox) binder.bind("box", object("{'value':7}"), IntegerBox.class)).value);
        JsonObject ranked = generator.schemaFor(RankedName.class);
        assertEquals(object("{'type':'string'}"), ranked.getJsonObject("properties").getJsonObject("best"));
        assertEquals("Ada", ((RankedName) binder.bind("name", object("{'best':'Ada'}"), RankedName.class)).getBest());
    }

    /**
     * Where a type's schema accepts a value its binding refuses, a client following the schema gets an error it could
     * not foresee: each value here is either accepted by both or refused by both.
     */
    @Test
    void whatTheSchemaOfAFormattedTypeAdmitsTheBinderReads() {
        record Sample(Type type, String text, boolean valid) {
        }
        List<Sample> samples = List.of(
                new Sample(Duration.class, "PT15M", true),
                new Sample(Duration.class, "P2DT3H4M5.123456789S", true),
                new Sample(Duration.class, "P1Y", false), // years and months have no fixed length
                new Sample(Duration.class, "P1M", false),
                new Sample(Duration.class, "P2W", false),
                new Sample(Duration.class, "PT0.1234567891S", false), // a Duration holds nanoseconds
                new Sample(Period.class, "P1Y2M3W4D", true),
                new Sample(Period.class, "PT1H", false), // a Period has no time
                new Sample(char.class, "x", true),
                new Sample(Character.class, "\u00e9", true),
                new Sample(char.class, "\ud83d\ude00", false), // one code point, two UTF-16 units
                new Sample(Instant.class, "2016-12-31T23:59:60Z", true), // RFC 3339's leap second
                new Sample(OffsetDateTime.class, "2017-01-01T00:59:60+01:00", true),
                new Sample(ZonedDateTime.class, "2016-12-31T23:59:60.5Z", true),
                new Sample(OffsetTime.class, "23:59:60Z", true),
                new Sample(Instant.class, "2016-12-31T12:59:60Z", false),
                new Sample(OffsetDateTime.class, "2024-05-01T12:00:00+18:00", true),
                new Sample(OffsetDateTime.class, "2024-05-01T12:00:00+19:00", false), // java.time's offsets end at 18:00
                new Sample(Instant.class, "2024-05-01T12:00:00.123456789Z", true),
                new Sample(Instant.class, "2024-05-01T12:00:00.1234567891Z", false), // nanoseconds at most
                new Sample(OffsetTime.class, "12:00:00-18:30", false),
                new Sample(LocalTime.class, "23:59:59.5", true),
                new Sample(LocalTime.class, "24:00", false),
                new Sample(LocalDateTime.class, "2024-12-31T23:59", true),
                new Sample(LocalDateTime.class, "2024-13-01T12:00", false),
                new Sample(LocalDateTime.class, "2024-05-01T12:60", false));
        for (Sample sample : samples) {
            JsonValue value = Json.createValue(sample.text());
            boolean admitted = SchemaValidator.validate(generator.schemaFor(sample.type()), value).isEmpty();
            boolean bound;
            try {
                binder.bind("a", value, sample.type());
                bound = true;
            } catch (ArgumentBindingException e) {
                bound = false;
            }
            assertEquals(List.of(sample.valid(), sample.valid()), List.of(admitted, bound), sample.toString());
        }
        assertEquals(Instant.parse("2016-12-31T23:59:59Z"), binder.bind("a", Json.createValue("2016-12-31T23:59:60Z"), Instant.class));
        assertEquals("must be a period in years, months, weeks and days, e.g. P1M", // Period.parse overflows unwrapped
                assertThrows(ArgumentBindingException.class, () -> binder.bind("a", Json.createValue("P999999999W"), Period.class))
                        .getMessage());
        assertEquals("must be a single character of at most one UTF-16 unit, which this one (beyond U+FFFF, as most emoji) is not",
                assertThrows(ArgumentBindingException.class, () -> binder.bindText("a", "\ud83d\ude00", char.class)).getMessage());
    }

    @Test
    void anArgumentsObjectThatIsNotAnObjectIsOneViolation() {
        JsonObject schema = generator.objectSchema(List.of(new SchemaProperty("a", String.class, null, true)));
        assertEquals(List.of(new SchemaViolation("", "type", "must be of type object but was array")),
                SchemaValidator.validate(schema, json("[]")));
    }
}
