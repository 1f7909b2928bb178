package dev.jakartamcp.schema;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbConfig;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Binds JSON arguments to Java values and writes Java results back as JSON, agreeing with
 * {@link JsonSchemaGenerator} on names and shapes. Thread-safe; keep one per application.
 *
 * <p>Reading is strict: a string is never turned into a number or the other way round (only
 * {@link #bindText} reads numbers and booleans from text, for URI template variables), an
 * integer type refuses {@code 1.5} and values outside its range, and a {@code LocalDate} wants
 * {@code 2024-05-01}. Records are built through their canonical constructor from their JSON
 * properties ({@code @JsonbProperty} names, unknown members ignored); an
 * {@code IllegalArgumentException} thrown by a compact constructor becomes the binding message.
 * Absent or null values give {@code Optional.empty()} for optionals, {@code null} for reference
 * types and an error for primitives. {@code Object} receives plain Java values (Map, List, String,
 * BigDecimal, Boolean), as with JSON-B. Classes that are none of the supported kinds (beans, for
 * instance) are handed to the {@link Jsonb} given to the constructor. A {@code Set} of items that are
 * not {@code Comparable} (records, lists) takes at most 64 items with one hash code: a {@code HashSet}
 * compares such items one with another, and distinct records with one hash code are easy to write. The sets
 * inside a class handed to JSON-B, which fills them into {@code HashSet}s too, are counted before it runs.
 *
 * <p>Every failure is an {@link ArgumentBindingException} carrying the argument name and a
 * message worded to follow it: {@code must be an integer} for the argument itself, or, for a value
 * inside it, the path from the argument and then the problem: {@code zip is required},
 * {@code others[1].zip must be an integer}, {@code [2] must be a string}. Show it as
 * {@code argumentName() + ": " + getMessage()}. It never repeats the value or names a Java class
 * other than the simple name of the target record or bean.
 *
 * <p>Writing: records (null components and empty optionals left out), maps, collections,
 * arrays, enums, numbers and the JDK types are written here; java.time values always carry
 * seconds, and a {@code ZonedDateTime} is written with its offset and without its region, so
 * the output validates against the generated schema; a value its format cannot express (a negative
 * {@code Duration} or {@code Period}, a year outside 0000-9999) is an {@link UnwritableValueException}
 * naming the path to it. Other classes go through JSON-B, which reads and writes java.time values so too when built
 * with {@link #jsonbConfig()}; a NaN or infinity in one, which JSON-B fails on, and a java.time value its format cannot
 * express are such an exception too, naming the path. Written for an outputSchema generated from them ({@link #toJsonForOutputSchema}), they are written here as that
 * schema describes them, their values checked as a record's.
 */
public final class ArgumentBinder {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** The longest text of a number within {@link JsonNumbers}' bound written out: sign, digits, point and digits. */
    private static final int MAX_NUMBER_TEXT = 2 * JsonNumbers.MAX_DIGITS + 2;

    private final Jsonb jsonb;
    private final DataModels models = new DataModels();
    /** Whether a bean JSON-B binds holds what {@code ValueReader} checks before JSON-B takes it. */
    private final ConcurrentMap<Type, Boolean> prechecked = new ConcurrentHashMap<>();

    /**
     * The configuration of the {@link Jsonb} to give the constructor, so that the classes it binds are read and written
     * as their schema says: java.time values as the binder reads and writes them elsewhere (a {@code ZonedDateTime} with
     * its offset, without its region).
     */
    public static JsonbConfig jsonbConfig() {
        return new JsonbConfig().withSerializers(JsonbTemporals.writers()).withDeserializers(JsonbTemporals.readers());
    }

    /** {@code jsonb}: built with {@link #jsonbConfig()}. */
    public ArgumentBinder(Jsonb jsonb) {
        this.jsonb = Objects.requireNonNull(jsonb, "jsonb");
    }

    /**
     * Converts the JSON value of the argument {@code argumentName} to {@code type}. {@code value}
     * may be null (the argument was not sent). Its numbers are not checked here: they are within {@link JsonNumbers}'
     * bound, which the server checks where arguments come in ({@code Operation.arguments}); a caller with JSON from
     * elsewhere checks it with {@link JsonNumbers#problem} first.
     */
    public Object bind(String argumentName, JsonValue value, Type type) {
        if (value != null && Jsonp.deeperThan(value, Jsonp.MAX_DEPTH)) {
            throw new ArgumentBindingException(argumentName,
                    "must not nest arrays and objects more than " + Jsonp.MAX_DEPTH + " levels deep");
        }
        return new ValueReader(jsonb, models, prechecked, argumentName).read(value, type, InstancePath.ROOT, 0);
    }

    /**
     * Converts the text of the argument {@code argumentName}, a URI template variable, to {@code type}: as
     * {@link #bind} with the text as a JSON string, except that number and boolean types (and optionals of them) take
     * a number ({@code 3}, {@code -2.5e3}, in JSON's syntax) or {@code true}/{@code false} written as text; a URI
     * has nothing but text. A number beyond {@link JsonNumbers}' bound is refused. {@code text} may be null (not given).
     */
    public Object bindText(String argumentName, String text, Type type) {
        if (text == null) {
            return bind(argumentName, null, type);
        }
        Class<?> scalar = Types.raw(ValueReader.optionalContent(type));
        JsonValue value = Jsonp.PROVIDER.createValue(text);
        if ((scalar == boolean.class || scalar == Boolean.class) && (text.equals("true") || text.equals("false"))) {
            value = text.equals("true") ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (ValueReader.isNumber(scalar) && JSON_NUMBER.matcher(text).matches()) {
            if (text.length() > MAX_NUMBER_TEXT) {
                // parsing is quadratic in the digits: millions of them (a prompt argument) would take minutes
                throw new ArgumentBindingException(argumentName, JsonNumbers.PROBLEM);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException e) {
                number = null; // an exponent beyond even BigDecimal's range
            }
            if (number == null || !JsonNumbers.fits(number)) {
                throw new ArgumentBindingException(argumentName, JsonNumbers.PROBLEM);
            }
            value = Jsonp.PROVIDER.createValue(number);
        }
        return bind(argumentName, value, type);
    }

    /**
     * Throws an {@link IllegalArgumentException} saying why no call could bind an argument of {@code type}: a
     * collection or map interface it has no implementation for ({@code ConcurrentMap}, ...), a
     * sorted set of items that are not {@code Comparable}, a bean JSON-B cannot create (no public or protected
     * constructor without parameters, no {@code @JsonbCreator}), naming the input ({@link SchemaProperty#describe}).
     * The registries call it for every parameter, so that such a method fails the deployment instead of every call.
     */
    public static void requireBindable(SchemaProperty input) {
        try {
            BindingCheck.require(input.type());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(input.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the input when no text could be bound to it with
     * {@link #bindText}: a prompt argument and a URI template variable are text, so a record, collection, map or JSON
     * value there could never be given. {@code what} names the text, e.g. "a prompt argument".
     */
    public static void requireText(SchemaProperty input, String what) {
        if (!ValueReader.isScalar(Types.raw(ValueReader.optionalContent(input.type())))) {
            throw new IllegalArgumentException(input.describe() + ": " + what + " is text: declare String, a number, boolean,"
                    + " char, an enum, a java.time type, UUID, URI or URL, or an Optional of one");
        }
    }

    /** The JSON form of a Java value, for {@code structuredContent}; null becomes JSON null. */
    public JsonValue toJson(Object value) {
        return new ValueWriter(jsonb, models, false).write(value);
    }

    /**
     * As {@link #toJson(Object)}, for {@code schema}, generated from the value's declared type: a null in a record
     * component that schema requires ({@code @NotNull} and the like), a null item or map value where that schema's
     * {@code items} or {@code additionalProperties} do not admit null, and a value that breaks any other keyword of it
     * (one a constraint put there, {@code @Min}, {@code @Size}, {@code @Email}, ...: {@code days[2].temperature must be
     * >= -90}) are an {@link UnwritableValueException} naming the value.
     */
    public JsonValue toJsonForOutputSchema(Object value, OutputSchema schema) {
        JsonValue json = new ValueWriter(jsonb, models, true).write(value, schema.type());
        // the writer keeps the shape from the Java type; what a value may be beyond it only the schema's keywords say
        List<SchemaViolation> violations = schema.compiled().validate(json);
        if (!violations.isEmpty()) {
            throw UnwritableValueException.breaking(violations);
        }
        return json;
    }
}
