package dev.jakartamcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A value that its schema's format cannot express is not written in a form that breaks the schema. */
class UnwritableValuesTest {

    private static final Jsonb JSONB = JsonbBuilder.create(ArgumentBinder.jsonbConfig());

    private final ArgumentBinder binder = new ArgumentBinder(JSONB);
    private final JsonSchemaGenerator generator = new JsonSchemaGenerator();

    record Times(Duration elapsed, Period period, Instant instant, OffsetDateTime offsetDateTime, ZonedDateTime zonedDateTime,
                 LocalDateTime localDateTime, LocalDate localDate) {
    }

    record Plan(List<Step> steps, Map<String, Times> byName) {
    }

    record Step(String name, LocalDate due) {
    }

    /** Written by JSON-B (JSON-B wants public classes). */
    public static class Meeting {
        public ZonedDateTime at;
    }

    record Agenda(Object meeting) {
    }

    @AfterAll
    static void closeJsonb() throws Exception {
        JSONB.close();
    }

    @Test
    void valuesAtTheEdgesOfTheirFormatsAreWrittenValid() {
        JsonObject schema = generator.schemaFor(Times.class);
        for (Times times : List.of(
                new Times(Duration.ZERO, Period.ZERO, Instant.parse("0000-01-01T00:00:00Z"),
                        OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), ZonedDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")),
                        LocalDateTime.of(0, 1, 1, 0, 0), LocalDate.of(0, 1, 1)),
                new Times(Duration.ofDays(400).plusMillis(5), Period.of(1, 2, 3), Instant.parse("9999-12-31T23:59:59.999Z"),
                        OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHours(-5)),
                        ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneId.of("Europe/Paris")),
                        LocalDateTime.of(9999, 12, 31, 23, 59), LocalDate.of(9999, 12, 31)))) {
            JsonValue written = binder.toJson(times);
            assertEquals(List.of(), SchemaValidator.validate(schema, written), written.toString());
        }
    }

    @Test
    void aNegativeDurationOrAYearBeyondFourDigitsIsRefusedNamingWhereItIs() {
        Times fine = new Times(Duration.ofMinutes(5), Period.ofDays(1), Instant.EPOCH, OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC),
                ZonedDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneId.of("UTC")), LocalDateTime.of(2024, 5, 1, 12, 0), LocalDate.of(2024, 5, 1));
        String negative = " which the duration format cannot express";
        String year = "has a year outside 0000-9999, which RFC 3339 cannot express";
        assertEquals("elapsed is a negative duration," + negative, unwritable(new Times(Duration.ofMinutes(-5), fine.period(),
                fine.instant(), fine.offsetDateTime(), fine.zonedDateTime(), fine.localDateTime(), fine.localDate())));
        assertEquals("period is a negative period," + negative, unwritable(new Times(fine.elapsed(), Period.of(1, -1, 0),
                fine.instant(), fine.offsetDateTime(), fine.zonedDateTime(), fine.localDateTime(), fine.localDate())));
        assertEquals("instant " + year, unwritable(new Times(fine.elapsed(), fine.period(), Instant.parse("+10000-01-01T00:00:00Z"),
                fine.offsetDateTime(), fine.zonedDateTime(), fine.localDateTime(), fine.localDate())));
        assertEquals("instant " + year, unwritable(new Times(fine.elapsed(), fine.period(), Instant.parse("-0001-12-31T23:59:59Z"),
                fine.offsetDateTime(), fine.zonedDateTime(), fine.localDateTime(), fine.localDate())));
        assertEquals("offsetDateTime " + year, unwritable(new Times(fine.elapsed(), fine.period(), fine.instant(),
                OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), fine.zonedDateTime(), fine.localDateTime(), fine.localDate())));
        assertEquals("zonedDateTime " + year, unwritable(new Times(fine.elapsed(), fine.period(), fine.instant(), fine.offsetDateTime(),
                ZonedDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")), fine.localDateTime(), fine.localDate())));
        assertEquals("localDateTime " + year, unwritable(new Times(fine.elapsed(), fine.period(), fine.instant(), fine.offsetDateTime(),
                fine.zonedDateTime(), LocalDateTime.of(12345, 1, 1, 0, 0), fine.localDate())));
        assertEquals("localDate " + year, unwritable(new Times(fine.elapsed(), fine.period(), fine.instant(), fine.offsetDateTime(),
                fine.zonedDateTime(), fine.localDateTime(), LocalDate.of(10000, 1, 1))));
        assertEquals("steps[1].due " + year, unwritable(new Plan(List.of(new Step("a", LocalDate.of(2024, 1, 1)),
                new Step("b", LocalDate.of(10000, 1, 1))), Map.of())));
        assertEquals("byName.late.elapsed is a negative duration," + negative, unwritable(new Plan(List.of(),
                Map.of("late", new Times(Duration.ofSeconds(-1), null, null, null, null, null, null)))));
        assertEquals("[0] is a negative duration," + negative, unwritable(new Duration[] {Duration.ofSeconds(-1)}));
        // a zone's local mean time: written as +00:17 it named an instant 30 s away from the value
        assertEquals("zonedDateTime has an offset of seconds (+00:17:30), which RFC 3339 cannot express", unwritable(new Times(
                fine.elapsed(), fine.period(), fine.instant(), fine.offsetDateTime(),
                ZonedDateTime.of(1850, 6, 1, 12, 0, 0, 0, ZoneId.of("Europe/Amsterdam")), fine.localDateTime(), fine.localDate())));
        assertEquals("[0] has an offset of seconds (+00:00:30), which RFC 3339 cannot express",
                unwritable(new java.time.OffsetTime[] {java.time.OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofTotalSeconds(30))}));
    }

    @Test
    void aDateTimeWithAnOffsetOfSecondsInAClassJsonbWritesIsRefusedAsInARecord() {
        // JSON-B wrote it 1850-01-01T00:00:00+00:17, an instant 30 s away from the value
        Meeting meeting = new Meeting();
        meeting.at = ZonedDateTime.of(1850, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Amsterdam"));
        String seconds = "has an offset of seconds (+00:17:30), which RFC 3339 cannot express";
        assertEquals("at " + seconds, unwritable(meeting));
        assertEquals("meeting.at " + seconds, unwritable(new Agenda(meeting)));
        meeting.at = ZonedDateTime.of(1950, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Amsterdam"));
        assertEquals("{\"at\":\"1950-01-01T00:00:00+01:00\"}", binder.toJson(meeting).toString());
    }

    private String unwritable(Object value) {
        return assertThrows(UnwritableValueException.class, () -> binder.toJson(value)).getMessage();
    }
}
