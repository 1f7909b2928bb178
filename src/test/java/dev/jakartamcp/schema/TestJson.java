package dev.jakartamcp.schema;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Parses JSON written with single quotes, so expected documents stay readable in Java strings. */
final class TestJson {

    private TestJson() {
    }

    static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    static JsonObject object(String text) {
        return json(text).asJsonObject();
    }
}
