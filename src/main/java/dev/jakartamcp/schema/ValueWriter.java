package dev.jakartamcp.schema;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Java to JSON in the shapes {@link JsonSchemaGenerator} describes. Records, collections, maps,
 * enums and the JDK value types are written here so the output matches the outputSchema exactly
 * (names, RFC 3339 times); so is a class JSON-B binds where an outputSchema was generated from it, as that schema
 * describes it (JSON-B's names, an enum constant by {@code name()}), so that its values are checked as a record's.
 * Other classes are handed to JSON-B.
 */
final class ValueWriter {

    private static final String NULL_ITEM = "is null, which the outputSchema does not admit there";

    private final Jsonb jsonb;
    private final DataModels models;
    private final boolean againstOutputSchema;
    /** Within a class JSON-B binds, whose schema names an enum constant by {@code name()}, as JSON-B does. */
    private final boolean inJsonbClass;

    /**
     * {@code againstOutputSchema}: the value is written for the outputSchema generated from its type, so a null that
     * schema requires cannot be written; else (no such schema) nulls are only left out.
     */
    ValueWriter(Jsonb jsonb, DataModels models, boolean againstOutputSchema) {
        this(jsonb, models, againstOutputSchema, false);
    }

    private ValueWriter(Jsonb jsonb, DataModels models, boolean againstOutputSchema, boolean inJsonbClass) {
        this.jsonb = jsonb;
        this.models = models;
        this.againstOutputSchema = againstOutputSchema;
        this.inJsonbClass = inJsonbClass;
    }

    /** {@code value} as JSON; the value's own class stands for its declared type. */
    JsonValue write(Object value) {
        return write(value, value == null ? Object.class : value.getClass(), 0);
    }

    /** {@code value} as JSON, for the schema generated from {@code declared}. */
    JsonValue write(Object value, Type declared) {
        return write(value, declared, 0);
    }

    /**
     * {@code declared}: the type the schema was generated from at this place, which says which items and map values
     * the schema lets be null; {@code Object} where nothing is known (the schema {@code {}}).
     */
    private JsonValue write(Object value, Type declared, int depth) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (depth > Jsonp.MAX_DEPTH) {
            throw new UnwritableValueException("nests more than " + Jsonp.MAX_DEPTH + " levels deep (a cycle?)");
        }
        if (value instanceof JsonValue json) {
            return json;
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            return Jsonp.PROVIDER.createValue(value.toString());
        } else if (value instanceof URI || value instanceof URL) {
            return Jsonp.PROVIDER.createValue(asciiUri(value));
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Number n) {
            return number(n);
        } else if (value instanceof Enum<?> constant) {
            return Jsonp.PROVIDER.createValue(enumName(constant));
        } else if (Temporals.handles(value.getClass())) {
            String problem = Temporals.unwritable(value);
            if (problem != null) {
                throw new UnwritableValueException(problem);
            }
            return Jsonp.PROVIDER.createValue(Temporals.format(value));
        } else if (value instanceof Optional<?> optional) {
            return write(optional.orElse(null), contentOf(declared), depth);
        } else if (value instanceof OptionalInt optional) {
            return optional.isPresent() ? Jsonp.PROVIDER.createValue(optional.getAsInt()) : JsonValue.NULL;
        } else if (value instanceof OptionalLong optional) {
            return optional.isPresent() ? Jsonp.PROVIDER.createValue(optional.getAsLong()) : JsonValue.NULL;
        } else if (value instanceof OptionalDouble optional) {
            return optional.isPresent() ? number(optional.getAsDouble()) : JsonValue.NULL;
        } else if (value instanceof Record) {
            return record(value, declared, depth);
        } else if (value instanceof Map<?, ?> map) {
            Type valueType = Types.argumentsOf(declared, Map.class)[1];
            JsonObjectBuilder object = Jsonp.PROVIDER.createObjectBuilder();
            map.forEach((k, v) -> {
                String name = k instanceof Enum<?> e ? enumName(e) : String.valueOf(k);
                JsonValue json = inProperty(name, v, valueType, depth);
                if (json.getValueType() == JsonValue.ValueType.NULL && refusesNull(valueType)) {
                    throw new UnwritableValueException(NULL_ITEM).inProperty(name);
                }
                object.add(name, json);
            });
            return object.build();
        } else if (value instanceof Collection<?> items) {
            // a Collection, not any Iterable: a Path iterates over its own names, a bean may be Iterable and an object
            Type itemType = Types.argumentsOf(declared, Collection.class)[0];
            JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
            int i = 0;
            for (Object item : items) {
                array.add(inItem(i++, item, itemType, depth));
            }
            return array.build();
        } else if (value.getClass().isArray()) {
            Type itemType = Types.arrayComponent(declared) != null ? Types.arrayComponent(declared) : Object.class;
            JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                array.add(inItem(i, Array.get(value, i), itemType, depth));
            }
            return array.build();
        } else if (againstOutputSchema && Types.raw(declared) == value.getClass() && TypeSchemas.isDataClass(declared)) {
            // JSON-B would write a negative Duration PT-5M, a null item or NaN's failure unchecked
            return jsonbClass(value, declared, depth);
        }
        String written;
        try {
            written = jsonb.toJson(value);
        } catch (JsonbException e) {
            throw unwritableIn(value, depth, e);
        }
        try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(written))) {
            return reader.readValue();
        }
    }

    /** A class JSON-B binds, written by its properties as JSON-B reads them, with JSON-B's enum names. */
    private JsonValue jsonbClass(Object value, Type declared, int depth) {
        ValueWriter inClass = inJsonbClass ? this : new ValueWriter(jsonb, models, againstOutputSchema, true);
        return inClass.object(value, models.properties(declared), depth);
    }

    /**
     * What JSON-B failed to write: the value in it that no JSON can hold (a NaN, on which JSON-B fails naming neither
     * it nor the path to it), found by writing the class by its properties as {@link #jsonbClass} does, as an
     * {@link UnwritableValueException} naming the path; else JSON-B's failure.
     */
    private RuntimeException unwritableIn(Object value, int depth, JsonbException failure) {
        if (TypeSchemas.isDataClass(value.getClass())) {
            try {
                jsonbClass(value, value.getClass(), depth);
            } catch (UnwritableValueException e) {
                return e;
            } catch (RuntimeException e) {
                failure.addSuppressed(e); // what JSON-B failed on failed here too (a getter that throws): JSON-B says it
            }
        }
        return failure;
    }

    /**
     * Empty Optionals and nulls are left out, as JSON-B does by default; a null where a {@code @NotNull}-like constraint
     * makes the generated outputSchema require a value cannot be written as that schema says.
     */
    private JsonValue record(Object record, Type declared, int depth) {
        if (againstOutputSchema && Types.raw(declared) != record.getClass()) {
            // the schema here was not generated from this record (a place declared Object: the schema {}), so
            // nothing in it is checked against one
            return new ValueWriter(jsonb, models, false, inJsonbClass).record(record, record.getClass(), depth);
        }
        // Page<Item> declared gives the components their types with Item, as the schema has them
        Type type = Types.raw(declared) == record.getClass() ? declared : record.getClass();
        return object(record, models.record(type).properties, depth);
    }

    /**
     * The properties of a record or a bean, a null one left out unless the outputSchema requires it, one with only a
     * setter left out as JSON-B leaves it out.
     */
    private JsonValue object(Object owner, List<DataProperty> properties, int depth) {
        JsonObjectBuilder object = Jsonp.PROVIDER.createObjectBuilder();
        for (DataProperty property : properties) {
            if (!property.readable()) {
                continue;
            }
            JsonValue json = inProperty(property.jsonName(), property.read(owner), property.type(), depth);
            if (json.getValueType() != JsonValue.ValueType.NULL) {
                object.add(property.jsonName(), json);
            } else if (againstOutputSchema && Constraints.requireValue(property.annotations()) && !DataProperties.isOptional(property.type())) {
                throw new UnwritableValueException("is null, though a constraint on it makes the outputSchema require it")
                        .inProperty(property.jsonName());
            }
        }
        return object.build();
    }

    private JsonValue inProperty(String name, Object value, Type declared, int depth) {
        try {
            return write(value, declared, depth + 1);
        } catch (UnwritableValueException e) {
            throw e.inProperty(name);
        }
    }

    private JsonValue inItem(int index, Object value, Type declared, int depth) {
        JsonValue json;
        try {
            json = write(value, declared, depth + 1);
        } catch (UnwritableValueException e) {
            throw e.inItem(index);
        }
        if (json.getValueType() == JsonValue.ValueType.NULL && refusesNull(declared)) {
            throw new UnwritableValueException(NULL_ITEM).inItem(index);
        }
        return json;
    }

    /**
     * A null item or map value is written as null, which the generated outputSchema admits only where the item's
     * schema is {@code {}}; there, a null cannot be written as that schema says.
     */
    private boolean refusesNull(Type declared) {
        return againstOutputSchema && !TypeSchemas.admitsNull(declared);
    }

    private String enumName(Enum<?> constant) {
        return inJsonbClass ? constant.name() : DataProperties.jsonName(constant);
    }

    /**
     * A URI or URL as the uri format (RFC 3986) has it, ASCII only: other characters percent-encoded in UTF-8. A URL
     * that is no URI (a space in it) is written as it is.
     */
    private static String asciiUri(Object value) {
        if (value instanceof URI uri) {
            return uri.toASCIIString();
        }
        try {
            return ((URL) value).toURI().toASCIIString();
        } catch (URISyntaxException e) {
            return value.toString();
        }
    }

    private static Type contentOf(Type declaredOptional) {
        return Types.raw(declaredOptional) == Optional.class ? Types.argumentsOf(declaredOptional, Optional.class)[0] : Object.class;
    }

    private static JsonValue number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Jsonp.PROVIDER.createValue(n.longValue());
        } else if (n instanceof BigInteger big) {
            return Jsonp.PROVIDER.createValue(big);
        } else if (n instanceof BigDecimal big) {
            return Jsonp.PROVIDER.createValue(big);
        } else if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new UnwritableValueException("is " + n + ", which a JSON number cannot express");
            }
            // Float.toString gives the shortest decimal, so 1.1f is written 1.1, not 1.100000023841858.
            return Jsonp.PROVIDER.createValue(new BigDecimal(n.toString()));
        }
        return Jsonp.PROVIDER.createValue(new BigDecimal(n.toString()));
    }
}
