package dev.jakartamcp.schema;

import jakarta.json.JsonObject;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The outputSchema generated from a tool's declared result type, compiled once, when the tool is registered, so that
 * every result written for it is checked against it ({@link ArgumentBinder#toJsonForOutputSchema}).
 *
 * @param type     the declared type the schema was generated from ({@code Page<Item>}, an {@code Optional}'s content)
 * @param compiled the schema, compiled within {@link #LIMITS}
 */
public record OutputSchema(Type type, CompiledSchema compiled) {

    /**
     * The work the check of one result may do: ten times what an argument may make (a result is the server's own, so
     * the budget is there only to stop a catastrophically backtracking {@code @Pattern}, not to fend off callers; a
     * result of 100,000 records with two date-times each reads about 5 million characters by regular expression).
     */
    static final SchemaLimits LIMITS = SchemaLimits.DEFAULTS
            .withMaxRegexSteps(10 * SchemaLimits.DEFAULT_MAX_REGEX_STEPS)
            .withMaxEvaluationSteps(10 * SchemaLimits.DEFAULT_MAX_EVALUATION_STEPS);

    public OutputSchema {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compiled, "compiled");
    }

    /**
     * The outputSchema of a tool returning {@code type} ({@link JsonSchemaGenerator#outputSchema}), compiled; an
     * {@link IllegalArgumentException} for a type without a mapping names it as the result.
     */
    public static OutputSchema of(Type type) {
        return new OutputSchema(type, SchemaValidator.compile(new JsonSchemaGenerator().outputSchema(type), LIMITS));
    }

    /**
     * Whether a tool returning {@code type} gets an outputSchema: a record or a class JSON-B binds (a concrete class
     * outside the JDK and the Jakarta APIs), whose instances are written as an object, the structuredContent the
     * schema describes. A string, a number, a list, a map or a JSON value has none.
     */
    public static boolean describes(Type type) {
        return TypeSchemas.isDataClass(type);
    }

    /** The schema document, as tools/list shows it. */
    public JsonObject json() {
        return compiled.json();
    }
}
