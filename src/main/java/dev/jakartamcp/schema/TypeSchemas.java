package dev.jakartamcp.schema;

import dev.jakartamcp.api.Arg;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * One generation run: maps types to schemas and collects the {@code $defs} they need.
 *
 * <p>What JSON-B binds (a bean, and whatever is inside it) is described as JSON-B reads and writes it: an enum constant
 * by its {@code name()}, since Yasson ignores {@code @JsonbProperty} on enum constants, while the binder honours it.
 * A record met both inside a bean and outside gets two definitions.
 */
final class TypeSchemas {

    private static final String LOCAL_TIME = "([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?";
    /** The day of the month is not matched against its month: 2024-02-30 matches, and is refused when bound. */
    static final String LOCAL_DATE_TIME_PATTERN = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T" + LOCAL_TIME + "$";
    static final String LOCAL_TIME_PATTERN = "^" + LOCAL_TIME + "$";
    /** What java.time reads of the date-time and time formats: at most nine decimals, an offset within ±18:00. */
    private static final String FRACTION_AND_OFFSET = "(\\.\\d{1,9})?([Zz]|[+-]((0\\d|1[0-7]):[0-5]\\d|18:00))$";
    static final String DATE_TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}" + FRACTION_AND_OFFSET;
    static final String TIME_PATTERN = "^\\d{2}:\\d{2}:\\d{2}" + FRACTION_AND_OFFSET;
    /**
     * The durations {@code Duration.parse} reads: days, hours, minutes and seconds, at most nine decimals (the
     * duration format also has years, months and weeks, which a {@code Duration} has no fixed length for).
     */
    static final String DURATION_PATTERN = "^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,9})?S)?)?$";
    /**
     * The schemes a {@code java.net.URL} is made of on the servers, in any case: the JDK's handlers (http, https, ftp,
     * file, mailto, jar, jrt) and Open Liberty's for class-path resources (wsjar, bundleresource, bundleentry).
     */
    static final String URL_SCHEMES = "^(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp]|[Ff][Ii][Ll][Ee]|[Mm][Aa][Ii][Ll][Tt][Oo]|[Jj][Aa][Rr]"
            + "|[Jj][Rr][Tt]|[Ww][Ss][Jj][Aa][Rr]|[Bb][Uu][Nn][Dd][Ll][Ee][Rr][Ee][Ss][Oo][Uu][Rr][Cc][Ee]|[Bb][Uu][Nn][Dd][Ll][Ee][Ee][Nn][Tt][Rr][Yy]):";
    /** The periods {@code Period.parse} reads: years, months, weeks and days, no time. */
    static final String PERIOD_PATTERN = "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$";
    /** One UTF-16 unit, which a {@code char} holds: minLength counts code points, and an emoji is one but needs two. */
    static final String CHAR_PATTERN = "^[\\u0000-\\uFFFF]$";

    /** A type described as the binder reads it or as JSON-B does. */
    private record Described(Type type, boolean viaJsonb) {
    }

    private final boolean forResult;
    private final Map<Described, String> defNames = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, JsonObject> defs = new LinkedHashMap<>();
    private final DataClassNesting nesting = new DataClassNesting();
    private String rootName;
    private boolean rootReferenced;

    /**
     * @param forResult describes what the server writes, not what it reads: a record's null components are left out
     *                  (as JSON-B leaves out null properties), so only those that cannot be null are required there
     */
    TypeSchemas(boolean forResult) {
        this.forResult = forResult;
    }

    /** Complete once generation has returned; during it, a null value marks a definition in progress. */
    Map<String, JsonObject> defs() {
        return defs;
    }

    /** The schema at the root of a document: a record or bean inline, anything else as usual. */
    Map<String, JsonValue> root(Type type) {
        if (!isDataClass(type)) {
            return schema(type);
        }
        boolean viaJsonb = !Types.raw(type).isRecord();
        rootName = uniqueName(new Described(type, viaJsonb));
        Map<String, JsonValue> body = objectBody(type, viaJsonb);
        if (rootReferenced) {
            defs.put(rootName, object(body));
        }
        return body;
    }

    /**
     * The schema of a tool's or prompt's input: the type's schema, its constraints, its description, and the header a
     * 2026-07-28 client mirrors it into ({@code @Arg(header = ...)}).
     */
    JsonObject property(Type type, List<Annotation> annotations, String description) {
        JsonbCustomisations.refuseOnProperty("", annotations);
        JsonObject schema = property(type, annotations, description, false);
        String header = SchemaProperty.headerOf(annotations);
        return header == null ? schema : mirrored(schema, annotations, header);
    }

    /** {@code schema} with {@code "x-mcp-header"}; an integer bounded to what any client can mirror exactly. */
    private static JsonObject mirrored(JsonObject schema, List<Annotation> annotations, String header) {
        if (SchemaProperty.marksSecret(annotations)) {
            throw new IllegalArgumentException("@Arg(header = \"" + header + "\") on a secret: headers are seen by every"
                    + " intermediary, so a secret is never mirrored into one");
        }
        String type = schema.get("type") instanceof JsonString t ? t.getString() : "";
        if (!JsonSchemaGenerator.HEADER_TYPES.contains(type)) {
            throw new IllegalArgumentException("@Arg(header = \"" + header + "\") needs an argument a header can carry:"
                    + " a string (an enum, a java.time value, ...), a boolean or an integer, not JSON type "
                    + (type.isEmpty() ? "any" : type));
        }
        Map<String, JsonValue> mirrored = new LinkedHashMap<>(schema);
        if (type.equals("integer")) {
            Constraints.within(mirrored, JsonSchemaGenerator.HEADER_SAFE_INTEGER.negate(), JsonSchemaGenerator.HEADER_SAFE_INTEGER);
        }
        mirrored.put("x-mcp-header", string(header));
        return object(mirrored);
    }

    private JsonObject property(Type type, List<Annotation> annotations, String description, boolean viaJsonb) {
        Map<String, JsonValue> schema = schema(type, viaJsonb);
        Constraints.apply(schema, annotations);
        if (!forResult && SchemaProperty.marksSecret(annotations)) {
            schema.put("writeOnly", JsonValue.TRUE);
        }
        if (description != null && !description.isBlank()) {
            schema.put("description", Jsonp.PROVIDER.createValue(description));
        }
        return object(schema);
    }

    boolean required(Type type, boolean declared, List<Annotation> annotations) {
        return Types.raw(type).isPrimitive()
                || ((declared || Constraints.requireValue(annotations)) && !DataProperties.isOptional(type));
    }

    Map<String, JsonValue> schema(Type type) {
        return schema(type, false);
    }

    /**
     * Whether the schema of {@code type} admits null: only the empty schema of {@code Object} and {@code JsonValue}
     * does (an {@code Optional} is described by its content).
     */
    static boolean admitsNull(Type type) {
        Class<?> raw = Types.raw(type);
        if (raw == Optional.class) {
            return admitsNull(Types.argumentsOf(type, Optional.class)[0]);
        }
        return raw == Object.class || raw == JsonValue.class;
    }

    private Map<String, JsonValue> schema(Type type, boolean viaJsonb) {
        Class<?> raw = Types.raw(type);
        Map<String, JsonValue> schema = scalar(raw);
        if (schema != null) {
            return schema;
        }
        schema = new LinkedHashMap<>();
        if (raw == Optional.class) {
            return schema(Types.argumentsOf(type, Optional.class)[0], viaJsonb);
        } else if (raw.isEnum()) {
            JsonbCustomisations.refuseOnClass(raw);
            var names = Jsonp.PROVIDER.createArrayBuilder();
            for (Object constant : raw.getEnumConstants()) {
                names.add(viaJsonb ? ((Enum<?>) constant).name() : DataProperties.jsonName((Enum<?>) constant));
            }
            schema.put("type", string("string"));
            schema.put("enum", names.build());
        } else if (Types.arrayComponent(type) != null) {
            schema.put("type", string("array"));
            schema.put("items", object(schema(Types.arrayComponent(type), viaJsonb)));
        } else if (Collection.class.isAssignableFrom(raw)) {
            schema.put("type", string("array"));
            schema.put("items", object(schema(Types.argumentsOf(type, Collection.class)[0], viaJsonb)));
            if (Set.class.isAssignableFrom(raw)) {
                schema.put("uniqueItems", JsonValue.TRUE);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            Type[] keyAndValue = Types.argumentsOf(type, Map.class);
            Class<?> key = Types.raw(keyAndValue[0]);
            schema.put("type", string("object"));
            if (key.isEnum()) {
                schema.put("propertyNames", object(schema(key, viaJsonb)));
            } else if (key != String.class && key != Object.class) {
                throw new IllegalArgumentException("Map keys must be String or an enum: " + type.getTypeName());
            }
            schema.put("additionalProperties", object(schema(keyAndValue[1], viaJsonb)));
        } else if (isDataClass(type)) {
            schema.put("$ref", string("#/$defs/" + defName(new Described(type, viaJsonb || !raw.isRecord()))));
        } else {
            throw new IllegalArgumentException("No JSON Schema mapping for " + type.getTypeName());
        }
        return schema;
    }

    private static Map<String, JsonValue> scalar(Class<?> raw) {
        Map<String, JsonValue> schema = new LinkedHashMap<>();
        if (raw == String.class || raw == CharSequence.class || raw == JsonString.class) {
            schema.put("type", string("string"));
        } else if (raw == char.class || raw == Character.class) {
            schema.put("type", string("string"));
            schema.put("minLength", Jsonp.PROVIDER.createValue(1));
            schema.put("maxLength", Jsonp.PROVIDER.createValue(1));
            schema.put("pattern", string(CHAR_PATTERN));
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", string("boolean"));
        } else if (raw == int.class || raw == Integer.class || raw == OptionalInt.class) {
            integer(schema, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else if (raw == short.class || raw == Short.class) {
            integer(schema, Short.MIN_VALUE, Short.MAX_VALUE);
        } else if (raw == byte.class || raw == Byte.class) {
            integer(schema, Byte.MIN_VALUE, Byte.MAX_VALUE);
        } else if (raw == long.class || raw == Long.class || raw == OptionalLong.class || raw == BigInteger.class) {
            schema.put("type", string("integer"));
        } else if (raw == float.class || raw == Float.class || raw == double.class || raw == Double.class
                || raw == OptionalDouble.class || raw == BigDecimal.class || raw == Number.class
                || raw == JsonNumber.class) {
            schema.put("type", string("number"));
        } else if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            formatted(schema, "date-time");
            schema.put("pattern", string(DATE_TIME_PATTERN));
        } else if (raw == LocalDate.class) {
            formatted(schema, "date");
        } else if (raw == OffsetTime.class) {
            formatted(schema, "time");
            schema.put("pattern", string(TIME_PATTERN));
        } else if (raw == Duration.class) {
            // no "format": "duration": RFC 3339's has no fraction of a second, which a Duration writes (PT1.5S)
            schema.put("type", string("string"));
            schema.put("pattern", string(DURATION_PATTERN));
        } else if (raw == Period.class) {
            formatted(schema, "duration");
            schema.put("pattern", string(PERIOD_PATTERN));
        } else if (raw == UUID.class) {
            formatted(schema, "uuid");
        } else if (raw == URI.class) {
            formatted(schema, "uri");
        } else if (raw == URL.class) {
            formatted(schema, "uri");
            // a URL is a URI of a scheme the server has a handler for (urn:, tag: are URIs, no URLs)
            schema.put("pattern", string(URL_SCHEMES));
        } else if (raw == LocalDateTime.class) {
            schema.put("type", string("string"));
            schema.put("pattern", string(LOCAL_DATE_TIME_PATTERN));
        } else if (raw == LocalTime.class) {
            schema.put("type", string("string"));
            schema.put("pattern", string(LOCAL_TIME_PATTERN));
        } else if (raw == JsonObject.class) {
            schema.put("type", string("object"));
        } else if (raw == JsonArray.class) {
            schema.put("type", string("array"));
        } else if (raw != JsonValue.class && raw != Object.class) {
            return null;
        }
        return schema;
    }

    private static void integer(Map<String, JsonValue> schema, long min, long max) {
        schema.put("type", string("integer"));
        schema.put("minimum", Jsonp.PROVIDER.createValue(min));
        schema.put("maximum", Jsonp.PROVIDER.createValue(max));
    }

    private static void formatted(Map<String, JsonValue> schema, String format) {
        schema.put("type", string("string"));
        schema.put("format", string(format));
    }

    private String defName(Described described) {
        String name = defNames.get(described);
        if (name != null) {
            rootReferenced |= name.equals(rootName);
            return name;
        }
        name = uniqueName(described);
        defs.put(name, null); // keeps first-seen order and stands for "in progress"
        defs.put(name, object(objectBody(described.type(), described.viaJsonb())));
        return name;
    }

    private String uniqueName(Described described) {
        String base = Types.simpleName(described.type());
        String name = base;
        for (int i = 2; !usedNames.add(name); i++) {
            name = base + i;
        }
        defNames.put(described, name);
        return name;
    }

    private Map<String, JsonValue> objectBody(Type type, boolean viaJsonb) {
        nesting.enter(type);
        try {
            return objectBodyOf(type, viaJsonb);
        } finally {
            nesting.exit();
        }
    }

    private Map<String, JsonValue> objectBodyOf(Type type, boolean viaJsonb) {
        JsonObjectBuilder properties = Jsonp.PROVIDER.createObjectBuilder();
        var required = Jsonp.PROVIDER.createArrayBuilder();
        boolean anyRequired = false;
        Class<?> owner = Types.raw(type);
        JsonbCustomisations.refuseOnClass(owner);
        for (DataProperty property : DataProperties.of(type)) {
            JsonbCustomisations.refuseOnProperty(owner.getSimpleName() + "." + property.jsonName(), property.annotations());
            Arg arg = argOf(owner, property);
            properties.add(property.jsonName(),
                    property(property.type(), property.annotations(), arg == null ? null : arg.description(), viaJsonb));
            if (required(property)) {
                required.add(property.jsonName());
                anyRequired = true;
            }
        }
        Map<String, JsonValue> body = new LinkedHashMap<>();
        body.put("type", string("object"));
        body.put("properties", properties.build());
        if (anyRequired) {
            body.put("required", required.build());
        }
        return body;
    }

    /**
     * The {@code @Arg} of a record component or bean property, which describes it; null without one. Its name is
     * refused: JSON-B, which binds beans and the records inside them, knows only {@code @JsonbProperty}.
     */
    private static Arg argOf(Class<?> owner, DataProperty property) {
        for (Annotation annotation : property.annotations()) {
            if (annotation instanceof Arg arg) {
                if (!arg.name().isEmpty()) {
                    throw new IllegalArgumentException("@Arg(name = \"" + arg.name() + "\") on " + owner.getSimpleName() + "."
                            + property.jsonName() + " does not rename a record component or a field; use @JsonbProperty(\"" + arg.name()
                            + "\"), which the binder and JSON-B both follow");
                }
                if (!arg.header().isEmpty()) {
                    throw new IllegalArgumentException("@Arg(header = \"" + arg.header() + "\") on " + owner.getSimpleName() + "."
                            + property.jsonName() + ": only a tool's parameter is mirrored into a header, as the"
                            + " specification allows none reached through $ref");
                }
                return arg;
            }
        }
        return null;
    }

    /**
     * Whether an object must have {@code property}: as declared (a record's components unless {@code Optional} or
     * {@code Nullable}), or through a constraint; in a result, where a null component is left out, only a primitive
     * or one a constraint requires.
     */
    private boolean required(DataProperty property) {
        boolean declared = forResult ? property.required() && Types.raw(property.type()).isPrimitive() : property.required();
        return declared || (Constraints.requireValue(property.annotations()) && !DataProperties.isOptional(property.type()));
    }

    /**
     * Records, and concrete classes outside the JDK and Jakarta APIs, which are taken for beans; not an author's
     * collection or map ({@code class Page extends ArrayList<Item>}), which is read and written as a JSON array or
     * object like the JDK's.
     */
    static boolean isDataClass(Type type) {
        Class<?> raw = Types.raw(type);
        if (raw.isRecord()) {
            return true;
        }
        String name = raw.getName();
        return !raw.isPrimitive() && !raw.isArray() && !raw.isInterface() && !raw.isEnum()
                && !Modifier.isAbstract(raw.getModifiers())
                && !Collection.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw)
                && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jakarta.");
    }

    private static JsonString string(String value) {
        return Jsonp.PROVIDER.createValue(value);
    }

    private static JsonObject object(Map<String, JsonValue> members) {
        JsonObjectBuilder builder = Jsonp.PROVIDER.createObjectBuilder();
        members.forEach(builder::add);
        return builder.build();
    }
}
