package dev.jakartamcp.schema;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;

/**
 * Has JSON-B read and write the java.time values in the classes it binds as the binder does elsewhere
 * ({@link Temporals}), so that they agree with their schema: JSON-B writes a {@code ZonedDateTime} with its region
 * ({@code 2024-01-01T00:00:00+01:00[Europe/Paris]}, no RFC 3339 date-time) and refuses what RFC 3339 allows and
 * the binder reads ({@code 2024-05-01t12:00:00z}, a leap second).
 */
final class JsonbTemporals {

    private JsonbTemporals() {
    }

    /** Yasson finds the type a serializer or deserializer is for from its class's type argument: one subclass each. */
    static JsonbSerializer<?>[] writers() {
        return new JsonbSerializer<?>[] {new Writer<Instant>() { }, new Writer<OffsetDateTime>() { },
            new Writer<ZonedDateTime>() { }, new Writer<LocalDateTime>() { }, new Writer<LocalDate>() { },
            new Writer<LocalTime>() { }, new Writer<OffsetTime>() { }, new Writer<Duration>() { }, new Writer<Period>() { }};
    }

    static JsonbDeserializer<?>[] readers() {
        return new JsonbDeserializer<?>[] {new Reader<>(Instant.class) { }, new Reader<>(OffsetDateTime.class) { },
            new Reader<>(ZonedDateTime.class) { }, new Reader<>(LocalDateTime.class) { }, new Reader<>(LocalDate.class) { },
            new Reader<>(LocalTime.class) { }, new Reader<>(OffsetTime.class) { }, new Reader<>(Duration.class) { },
            new Reader<>(Period.class) { }};
    }

    private static class Writer<T> implements JsonbSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator generator, SerializationContext context) {
            // as the binder refuses to write it elsewhere: an offset of seconds would be cut to minutes, another instant
            String problem = Temporals.unwritable(value);
            if (problem != null) {
                throw new UnwritableValueException(problem);
            }
            generator.write(Temporals.format(value));
        }
    }

    private static class Reader<T> implements JsonbDeserializer<T> {
        private final Class<T> type;

        Reader(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context, Type runtimeType) {
            JsonValue value = parser.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null; // Yasson hands a user deserializer the nulls of a field too
            }
            if (!(value instanceof JsonString text)) {
                throw new IllegalArgumentException("A " + type.getSimpleName() + " is read from a string");
            }
            return type.cast(Temporals.parse(type, text.getString()));
        }
    }
}
