package dev.jakartamcp.tasks;

import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link TaskState} as JSON text, how a data grid keeps it (no serialised classes travel between nodes). */
public final class TaskStateJson {
    private TaskStateJson() {
    }

    public static String write(TaskState t) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder()
                .add("id", t.taskId()).add("owner", t.ownerKey()).add("quota", t.quotaKey()).add("tool", t.toolName())
                .add("status", t.status().wire())
                .add("created", t.createdAt().toEpochMilli()).add("updated", t.lastUpdatedAt().toEpochMilli())
                .add("expires", t.expiresAt().toEpochMilli()).add("poll", t.pollInterval().toMillis())
                .add("requests", object(t.inputRequests())).add("responses", object(t.inputResponses()));
        if (t.statusMessage() != null) {
            b.add("message", t.statusMessage());
        }
        if (t.result() != null) {
            b.add("result", t.result());
        }
        if (t.error() != null) {
            b.add("error", t.error());
        }
        return b.build().toString();
    }

    public static TaskState read(String json) {
        JsonObject o;
        try (JsonReader reader = JsonFactory.createReader(new StringReader(json))) {
            o = reader.readObject();
        }
        return new TaskState(o.getString("id"), o.getString("owner"), o.getString("quota"), o.getString("tool"),
                TaskStatus.fromWire(o.getString("status")).orElseThrow(), o.getString("message", null),
                Instant.ofEpochMilli(o.getJsonNumber("created").longValue()), Instant.ofEpochMilli(o.getJsonNumber("updated").longValue()),
                Instant.ofEpochMilli(o.getJsonNumber("expires").longValue()), Duration.ofMillis(o.getJsonNumber("poll").longValue()),
                o.get("result") instanceof JsonObject r ? r : null, o.get("error") instanceof JsonObject e ? e : null,
                map(o.getJsonObject("requests")), map(o.getJsonObject("responses")));
    }

    private static JsonObject object(Map<String, JsonObject> values) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder();
        values.forEach(b::add);
        return b.build();
    }

    private static Map<String, JsonObject> map(JsonObject o) {
        Map<String, JsonObject> values = new LinkedHashMap<>();
        o.forEach((key, value) -> {
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                values.put(key, value.asJsonObject());
            }
        });
        return values;
    }
}
