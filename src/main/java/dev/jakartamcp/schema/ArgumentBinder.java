package dev.jakartamcp.schema;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;

import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

/** STUB until the schema branch lands. */
public final class ArgumentBinder {
    private final Jsonb jsonb;

    public ArgumentBinder(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    public Object bind(String argumentName, JsonValue value, Type type) {
        boolean optional = type instanceof ParameterizedType pt && pt.getRawType() == Optional.class;
        Type target = optional ? ((ParameterizedType) type).getActualTypeArguments()[0] : type;
        if (value == null || value == JsonValue.NULL) {
            return optional ? Optional.empty() : null;
        }
        try {
            Object bound = jsonb.fromJson(value.toString(), target);
            return optional ? Optional.ofNullable(bound) : bound;
        } catch (RuntimeException e) {
            throw new ArgumentBindingException(argumentName, "cannot be read as " + target.getTypeName());
        }
    }

    public JsonValue toJson(Object value) {
        return Json.createReader(new StringReader(jsonb.toJson(value))).readValue();
    }
}
