package dev.jakartamcp.tools;

import dev.jakartamcp.api.ToolArguments;
import dev.jakartamcp.schema.ArgumentBinder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.util.Optional;

final class JsonToolArguments implements ToolArguments {
    private final JsonObject json;
    private final ArgumentBinder binder;

    JsonToolArguments(JsonObject json, ArgumentBinder binder) {
        this.json = json;
        this.binder = binder;
    }

    @Override
    public JsonObject json() {
        return json;
    }

    @Override
    public Optional<String> string(String name) {
        JsonValue v = json.get(name);
        if (v == null || v == JsonValue.NULL) {
            return Optional.empty();
        }
        return Optional.of(v instanceof JsonString s ? s.getString() : v.toString());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(String name, Type type) {
        JsonValue v = json.get(name);
        if (v == null || v == JsonValue.NULL) {
            return Optional.empty();
        }
        return Optional.ofNullable((T) binder.bind(name, v, type));
    }
}
