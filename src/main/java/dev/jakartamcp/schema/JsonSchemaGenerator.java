package dev.jakartamcp.schema;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/** STUB until the schema branch lands. */
public final class JsonSchemaGenerator {
    public JsonObject objectSchema(List<SchemaProperty> properties) {
        JsonObjectBuilder props = Json.createObjectBuilder();
        JsonArrayBuilder required = Json.createArrayBuilder();
        for (SchemaProperty p : properties) {
            JsonObjectBuilder s = Json.createObjectBuilder(schemaFor(p.type()));
            if (p.description() != null && !p.description().isEmpty()) {
                s.add("description", p.description());
            }
            props.add(p.name(), s);
            if (p.required()) {
                required.add(p.name());
            }
        }
        return Json.createObjectBuilder().add("$schema", "https://json-schema.org/draft/2020-12/schema")
                .add("type", "object").add("properties", props).add("required", required).build();
    }

    public JsonObject schemaFor(Type type) {
        if (type instanceof ParameterizedType pt && pt.getRawType() == Optional.class) {
            return schemaFor(pt.getActualTypeArguments()[0]);
        }
        if (type == String.class) {
            return Json.createObjectBuilder().add("type", "string").build();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return Json.createObjectBuilder().add("type", "integer").build();
        }
        if (type == double.class || type == Double.class) {
            return Json.createObjectBuilder().add("type", "number").build();
        }
        if (type == boolean.class || type == Boolean.class) {
            return Json.createObjectBuilder().add("type", "boolean").build();
        }
        if (type == java.time.OffsetDateTime.class) {
            return Json.createObjectBuilder().add("type", "string").add("format", "date-time").build();
        }
        return Json.createObjectBuilder().build();
    }
}
