package dev.jakartamcp.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates JSON Schema 2020-12 documents from Java types: the {@code inputSchema} of a tool from
 * its parameters and the {@code outputSchema} from its return type.
 *
 * <h2>Type mapping</h2>
 * <ul>
 * <li>{@code String}, {@code CharSequence}: string; {@code char}: string of exactly one character.</li>
 * <li>{@code byte}, {@code short}, {@code int}, their boxes and {@code OptionalInt}: integer with
 *     {@code minimum}/{@code maximum} of the Java range, so out-of-range input fails validation
 *     instead of binding. {@code long}, {@code BigInteger}: integer without bounds (the long range
 *     is wider than what JavaScript clients hold exactly; the binder still reports overflow).</li>
 * <li>{@code float}, {@code double}, {@code BigDecimal}, {@code Number}: number. {@code boolean}: boolean.</li>
 * <li>enum: string with {@code enum} of the constants' JSON names ({@code @JsonbProperty} on a
 *     constant renames it); within a bean, which JSON-B binds, their {@code name()}s, since JSON-B
 *     (Yasson) reads and writes enum constants by name whatever they are annotated with.</li>
 * <li>arrays and {@code Collection}s: array with {@code items}; a {@code Set} adds {@code uniqueItems}.</li>
 * <li>{@code Map<String, T>} (or an enum key): object with {@code additionalProperties} of T; an
 *     enum key adds {@code propertyNames}.</li>
 * <li>{@code Optional<T>}, {@code OptionalLong}, {@code OptionalDouble}: the schema of T, never required.</li>
 * <li>{@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}: string, format date-time
 *     (RFC 3339, offset required). {@code LocalDate}: format date. {@code OffsetTime}: format time.
 *     {@code Duration}, {@code Period}: format duration. {@code UUID}: format uuid. {@code URI},
 *     {@code URL}: format uri.</li>
 * <li>{@code LocalDateTime} and {@code LocalTime} carry no offset, while RFC 3339 date-time and time
 *     require one; they get a {@code pattern} for {@code 2024-05-01T12:30[:00[.000]]} and
 *     {@code 12:30[:00[.000]]} instead of a format, so a client is not told to send an offset the
 *     binder would reject.</li>
 * <li>{@code JsonObject}: object; {@code JsonArray}: array; {@code JsonString}: string;
 *     {@code JsonNumber}: number; {@code JsonValue} and {@code Object}: {@code {}} (anything).</li>
 * <li>records and beans: object with {@code properties} in declaration order (a bean's accessor-only
 *     properties follow, by name); names honour {@code @JsonbProperty}, {@code @JsonbTransient}
 *     leaves a property out. JSON-B annotations that change the JSON form ({@code @JsonbTypeAdapter},
 *     {@code @JsonbTypeSerializer}/{@code @JsonbTypeDeserializer}, {@code @JsonbDateFormat}, {@code @JsonbNumberFormat},
 *     {@code @JsonbNillable}, {@code @JsonbProperty(nillable = true)}, {@code @JsonbVisibility}, {@code @JsonbTypeInfo})
 *     are refused with an {@link IllegalArgumentException} naming the class, the property and the annotation (see
 *     {@code JsonbCustomisations}). A record component is required unless it is an {@code Optional} or
 *     carries an annotation named {@code Nullable}; a primitive one always is. In an
 *     {@link #outputSchema}, only a primitive one is, since a null component is left out of what the
 *     server writes. A bean property is required only through a constraint. Nested records and beans go to {@code $defs} under their
 *     simple name ({@code Page<Item>} becomes {@code Page_Item}; clashes get a number) and are
 *     referenced with {@code $ref}, which also ends recursion. The root of {@link #schemaFor} is
 *     inline, and is also put in {@code $defs} when it refers to itself.</li>
 * </ul>
 * Other JDK types and interfaces are refused with an {@link IllegalArgumentException}, so a tool
 * with an unmappable parameter fails at registration rather than on the first call.
 *
 * <h2>Constraints</h2>
 * Bean Validation annotations (on a {@link SchemaProperty}, or on a record component, its field or
 * accessor) become keywords: {@code @Min}, {@code @Max}, {@code @DecimalMin}, {@code @DecimalMax},
 * {@code @Positive}, {@code @PositiveOrZero}, {@code @Negative}, {@code @NegativeOrZero} become
 * bounds (only the tightest of a kind is kept, together with the Java range); {@code @Size} becomes
 * min/maxLength, min/maxItems or min/maxProperties; {@code @NotEmpty} a minimum of 1 of those;
 * {@code @Pattern} becomes {@code pattern} anchored as {@code ^(?:regexp)$}, since Bean Validation
 * matches the whole value (left out when the annotation has flags, which ECMA-262 patterns cannot
 * say inline; a regexp using what only Java's syntax has, such as {@code a*+} or {@code (?i)}, is refused with an
 * {@link IllegalArgumentException} naming the construct, see {@link JavaOnlyRegex}); {@code @NotBlank} becomes {@code minLength: 1} and {@code pattern: "\\S"} (a second
 * pattern goes into {@code allOf}); {@code @Email} becomes format email; {@code @AssertTrue}/
 * {@code @AssertFalse} become {@code const}. {@code @NotNull}, {@code @NotBlank} and
 * {@code @NotEmpty} make the property required. Constraints on type arguments
 * ({@code List<@Email String>}) and other constraints are not reflected.
 *
 * <p>An input or record component marked {@code @Arg(secret = true)} gets {@code "writeOnly": true}, JSON Schema's mark
 * of a value that is sent but never shown back, such as a password (not in an output schema, which describes what is
 * shown).
 *
 * <p>Descriptions come from {@link SchemaProperty#description()}, and from {@code @Arg(description = ...)} on a record
 * component or bean property. {@code @Arg(name = ...)} there is refused with an {@link IllegalArgumentException}:
 * {@code @JsonbProperty} renames, which JSON-B follows as well. {@code additionalProperties} is never set, because MCP servers ignore unknown arguments.
 * Instances are cheap and hold no state between calls.
 */
public final class JsonSchemaGenerator {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** The JSON types an argument mirrored into an HTTP header may have (server/tools, x-mcp-header). */
    public static final Set<String> HEADER_TYPES = Set.of("string", "integer", "boolean");
    /** The largest integer every client writes into a header exactly, 2^53 - 1 (server/tools, x-mcp-header). */
    public static final BigDecimal HEADER_SAFE_INTEGER = BigDecimal.valueOf(9_007_199_254_740_991L);

    public JsonSchemaGenerator() {
    }

    /**
     * The inputSchema of a tool: an object with one property per input, in list order. A property
     * is required when it is primitive, or when {@link SchemaProperty#required()} or a
     * {@code @NotNull}-like constraint says so and its type is not an {@code Optional}. An
     * {@link IllegalArgumentException} for a type without a mapping names the property ({@link SchemaProperty#describe}).
     */
    public JsonObject objectSchema(List<SchemaProperty> properties) {
        TypeSchemas types = new TypeSchemas(false);
        JsonObjectBuilder propertySchemas = Jsonp.PROVIDER.createObjectBuilder();
        var required = Jsonp.PROVIDER.createArrayBuilder();
        boolean anyRequired = false;
        Set<String> seen = new HashSet<>();
        for (SchemaProperty property : properties) {
            if (!seen.add(property.name())) {
                throw new IllegalArgumentException("Duplicate property " + property.name());
            }
            List<Annotation> annotations = Arrays.asList(property.annotations());
            try {
                propertySchemas.add(property.name(), types.property(property.type(), annotations, property.description()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property.describe() + ": " + e.getMessage(), e);
            }
            if (types.required(property.type(), property.required(), annotations)) {
                required.add(property.name());
                anyRequired = true;
            }
        }
        JsonObjectBuilder schema = Jsonp.PROVIDER.createObjectBuilder()
                .add("$schema", DIALECT)
                .add("type", "object")
                .add("properties", propertySchemas);
        if (anyRequired) {
            schema.add("required", required);
        }
        return withDefs(schema, types);
    }

    /**
     * The outputSchema of a tool returning {@code type}: as {@link #schemaFor}, but a record component is required only
     * when it cannot be null (a primitive, or one a {@code @NotNull}-like constraint requires), since the server writes a
     * record without its null components, as JSON-B writes objects. An {@link IllegalArgumentException} for a type
     * without a mapping names it as the result.
     */
    public JsonObject outputSchema(Type type) {
        try {
            return schema(type, new TypeSchemas(true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its result (" + Types.declaredName(type) + "): " + e.getMessage(), e);
        }
    }

    /** The schema of one Java type; for a record or bean, an object schema at the root. */
    public JsonObject schemaFor(Type type) {
        return schema(type, new TypeSchemas(false));
    }

    private static JsonObject schema(Type type, TypeSchemas types) {
        Map<String, JsonValue> root = types.root(type);
        JsonObjectBuilder schema = Jsonp.PROVIDER.createObjectBuilder().add("$schema", DIALECT);
        root.forEach(schema::add);
        return withDefs(schema, types);
    }

    private static JsonObject withDefs(JsonObjectBuilder schema, TypeSchemas types) {
        Map<String, JsonObject> defs = types.defs();
        if (!defs.isEmpty()) {
            JsonObjectBuilder builder = Jsonp.PROVIDER.createObjectBuilder();
            defs.forEach(builder::add);
            schema.add("$defs", builder);
        }
        return schema.build();
    }
}
