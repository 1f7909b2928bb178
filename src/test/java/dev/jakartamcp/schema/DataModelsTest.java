package dev.jakartamcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The properties of a class JSON-B binds are worked out once per type, as a record's model is, where the writer (of
 * every result holding one) and the reader's check before JSON-B (of every argument holding one) worked them out again
 * each time; and no call adds a type, whatever it sends.
 */
class DataModelsTest {

    private static final Jsonb JSONB = JsonbBuilder.create(ArgumentBinder.jsonbConfig());

    /** Not a record: bound through JSON-B, checked by the reader first since it holds numbers and a Duration. */
    public static class Station {
        public String code;
        public int height;
        public Duration delay;
        public List<Reading> readings;
        public Map<String, Station> neighbours;
    }

    public record Reading(double value, Station at) {
    }

    @Test
    void aJsonbClassesPropertiesAreWorkedOutOnceAndNoCallAddsATypeWhateverItSends() {
        DataModels models = new DataModels();
        for (int call = 0; call < 50; call++) {
            JsonObject sent = Json.createObjectBuilder().add("code", "EGLL").add("height", call).add("delay", "PT" + call + "S")
                    .add("unknown" + call, Json.createObjectBuilder().add("deeper" + call, call))
                    .add("readings", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", call)
                            .add("at", Json.createObjectBuilder().add("code", "x" + call).add("other" + call, true))))
                    .add("neighbours", Json.createObjectBuilder().add("n" + call, Json.createObjectBuilder().add("height", 1)))
                    .build();
            Station read = (Station) new ValueReader(JSONB, models, new ConcurrentHashMap<>(), "station")
                    .read(sent, Station.class, InstancePath.ROOT, 0);
            assertEquals(call, read.height);
            JsonObject written = new ValueWriter(JSONB, models, true).write(read, Station.class).asJsonObject();
            assertEquals(call, written.getInt("height"));
        }
        assertEquals(2, models.size(), "Station's properties and Reading's model");
        assertSame(models.properties(Station.class), models.properties(Station.class));
    }
}
