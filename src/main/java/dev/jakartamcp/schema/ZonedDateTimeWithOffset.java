package dev.jakartamcp.schema;

import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import java.time.ZonedDateTime;

/**
 * Writes a {@code ZonedDateTime} inside a class JSON-B binds as the binder writes one elsewhere ({@link Temporals}), with
 * its offset only: JSON-B appends the region ({@code 2024-01-01T00:00:00+01:00[Europe/Paris]}), which is no RFC 3339
 * date-time, while the schema says {@code "format": "date-time"}.
 */
public final class ZonedDateTimeWithOffset implements JsonbSerializer<ZonedDateTime> {

    @Override
    public void serialize(ZonedDateTime value, JsonGenerator generator, SerializationContext context) {
        generator.write(Temporals.format(value));
    }
}
