package dev.jakartamcp.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** STUB until the schema branch lands. */
public final class SchemaValidator {
    public static List<SchemaViolation> validate(JsonObject schema, JsonValue instance) {
        List<SchemaViolation> out = new ArrayList<>();
        if (instance instanceof JsonObject o && schema.containsKey("required")) {
            schema.getJsonArray("required").getValuesAs(jakarta.json.JsonString.class).forEach(r -> {
                if (!o.containsKey(r.getString())) {
                    out.add(new SchemaViolation(r.getString(), "required", "is required"));
                }
            });
        }
        return out;
    }
}
