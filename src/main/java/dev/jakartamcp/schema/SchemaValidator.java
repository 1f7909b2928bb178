package dev.jakartamcp.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Validates JSON instances against JSON Schema 2020-12 schemas: those of
 * {@link JsonSchemaGenerator} and reasonable hand-written ones.
 *
 * <p>Supported: boolean schemas; {@code $ref} to the same document ({@code #}, {@code #/$defs/...}
 * or any local JSON pointer); {@code type} (an integer is any number without a fractional part,
 * so {@code 1.0} is one); {@code enum}, {@code const} (numbers compare by value); {@code minimum},
 * {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code multipleOf};
 * {@code minLength}, {@code maxLength} (in code points), {@code pattern} (Java regex syntax, which
 * agrees with ECMA-262 on common patterns; searched, not matched, as the spec says);
 * {@code format} asserted for date-time, date, time, duration, email, uuid and uri (others are
 * ignored); {@code items} (a schema, or an array as in older drafts), {@code prefixItems},
 * {@code contains}, {@code minItems}, {@code maxItems}, {@code uniqueItems}; {@code properties},
 * {@code patternProperties}, {@code additionalProperties}, {@code propertyNames},
 * {@code required}, {@code dependentRequired}, {@code minProperties}, {@code maxProperties};
 * {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}, {@code if}/{@code then}/{@code else}.
 * Unknown keywords are ignored. A malformed schema (e.g. {@code "minimum": "one"}, a {@code $ref}
 * that does not resolve or leaves the document) is a programming error and throws
 * {@link IllegalArgumentException}.
 *
 * <p>Violations are worded to follow their path, e.g. {@code address.zip} / {@code minimum} /
 * {@code must be >= 1}; a missing property is reported at its own path with {@code is required},
 * an unexpected one with {@code is not allowed}. A wrong {@code type} is reported alone for that
 * value. The branches of {@code anyOf}/{@code oneOf}/{@code not} are summed up in one violation.
 *
 * <p>Bounded: an instance nesting arrays and objects deeper than 100 levels gets the single
 * violation {@code depth} / {@code must not nest arrays and objects more than 100 levels deep}
 * before any recursion; schema recursion that does not advance in the instance stops at 400
 * levels; and at most {@value #MAX_VIOLATIONS} violations are returned.
 */
public final class SchemaValidator {

    /** At most this many violations are reported; validation stops once there are this many. */
    public static final int MAX_VIOLATIONS = 100;

    private SchemaValidator() {
    }

    /**
     * All violations, in instance order as far as the schema allows; empty when the instance is
     * valid. Uses {@link SchemaLimits#DEFAULTS}.
     *
     * @throws IllegalArgumentException when the schema is malformed or uses something unsupported
     *                                  (see the class comment), whatever the instance
     */
    public static List<SchemaViolation> validate(JsonObject schema, JsonValue instance) {
        return validate(schema, instance, SchemaLimits.DEFAULTS);
    }

    /**
     * As {@link #validate(JsonObject, JsonValue)}, within the given limits.
     *
     * @throws IllegalArgumentException when the schema is malformed or uses something unsupported
     */
    public static List<SchemaViolation> validate(JsonObject schema, JsonValue instance, SchemaLimits limits) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(limits, "limits");
        SchemaIndex index = SchemaIndex.of(schema, limits);
        if (Jsonp.deeperThan(instance, Jsonp.MAX_DEPTH)) {
            return List.of(new SchemaViolation("", "depth",
                    "must not nest arrays and objects more than " + Jsonp.MAX_DEPTH + " levels deep"));
        }
        Budget budget = new Budget(limits);
        Evaluation evaluation = new Evaluation(index, budget, MAX_VIOLATIONS);
        evaluation.evaluate(schema, instance, InstancePath.ROOT, 0, false);
        return budget.failClosed(evaluation.violations(), MAX_VIOLATIONS);
    }

    /**
     * Checks a schema once, at registration, without an instance: walks the whole document,
     * {@code $defs} and subschemas no instance would reach included, within
     * {@link SchemaLimits#DEFAULTS}. Besides what {@link #validate} refuses, it refuses subschemas
     * that lead back to themselves without descending into the instance (e.g.
     * {@code {"$defs":{"a":{"allOf":[{"$ref":"#/$defs/a"}]}}}}), which {@code validate} can only
     * stop at its recursion limit.
     *
     * @throws IllegalArgumentException naming the keyword and the JSON pointer of the schema object
     *                                  holding it, e.g. {@code Invalid schema: unsupported JSON
     *                                  Schema keyword "dependencies" at /properties/a; ...}
     */
    public static void check(JsonObject schema) {
        check(schema, SchemaLimits.DEFAULTS);
    }

    /** As {@link #check(JsonObject)}, within the given limits (depth and number of subschemas). */
    public static void check(JsonObject schema, SchemaLimits limits) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(limits, "limits");
        SchemaIndex.of(schema, limits).refuseEndlessRecursion();
    }
}
