package dev.jakartamcp.schema;

/**
 * Bounds on the work {@link SchemaValidator} does, so that neither a hostile instance nor a broken
 * schema can hang a request thread or the deployment. Immutable; {@link #DEFAULTS} is what
 * {@link SchemaValidator#validate(jakarta.json.JsonObject, jakarta.json.JsonValue)} and
 * {@link SchemaValidator#check(jakarta.json.JsonObject)} use.
 *
 * <p>The two step budgets are spent per call of {@code validate}, over the whole instance. Running
 * out never throws and never lets the instance through: it becomes a violation ({@code pattern},
 * {@code patternProperties} or {@code format} / {@code could not be checked within the pattern
 * evaluation budget}, or {@code budget} / {@code could not be checked within the schema evaluation
 * budget}), also when it happened inside {@code not}, {@code anyOf} or another keyword that
 * tolerates failing subschemas.
 *
 * @param maxRegexSteps      how many characters the regular expressions of {@code pattern},
 *                           {@code patternProperties}, {@code propertyNames} and the asserted
 *                           {@code format}s may read, in total, while checking one instance (a
 *                           character read again while backtracking counts again); default
 *                           {@value #DEFAULT_MAX_REGEX_STEPS}, about one pass over the largest
 *                           request a server takes (4 MiB), while a catastrophically backtracking
 *                           pattern such as {@code ^(a+)+$} gives up after well under a second
 * @param maxEvaluationSteps how many times, in total, a subschema may be applied to a value of the
 *                           instance (plus the items hashed by {@code uniqueItems}, and what each
 *                           comparison of two items with one hash may read) while checking one
 *                           instance; bounds schemas whose branches revisit the same
 *                           values ({@code oneOf} of recursive shapes) on deeply nested input;
 *                           default {@value #DEFAULT_MAX_EVALUATION_STEPS}
 * @param maxSchemaDepth     how deeply schema objects may nest in a schema document, counted in
 *                           JSON arrays and objects as for instances (so {@code properties/a} is
 *                           two levels); default {@value #DEFAULT_MAX_SCHEMA_DEPTH}. Deeper schemas
 *                           are refused with an {@link IllegalArgumentException}
 * @param maxSubschemas      how many distinct schema objects a schema document may contain,
 *                           {@code $defs} and unused ones included; default
 *                           {@value #DEFAULT_MAX_SUBSCHEMAS}. Larger schemas are refused with an
 *                           {@link IllegalArgumentException}
 */
public record SchemaLimits(long maxRegexSteps, long maxEvaluationSteps, int maxSchemaDepth, int maxSubschemas) {

    /** Default of {@link #maxRegexSteps()}: characters read by regular expressions per instance. */
    public static final long DEFAULT_MAX_REGEX_STEPS = 5_000_000L;

    /** Default of {@link #maxEvaluationSteps()}: subschema applications per instance. */
    public static final long DEFAULT_MAX_EVALUATION_STEPS = 2_000_000L;

    /** Default of {@link #maxSchemaDepth()}: JSON nesting of a schema document. */
    public static final int DEFAULT_MAX_SCHEMA_DEPTH = 200;

    /** Default of {@link #maxSubschemas()}: schema objects in one schema document. */
    public static final int DEFAULT_MAX_SUBSCHEMAS = 10_000;

    /** The limits {@link SchemaValidator} applies when none are given. */
    public static final SchemaLimits DEFAULTS = new SchemaLimits(DEFAULT_MAX_REGEX_STEPS, DEFAULT_MAX_EVALUATION_STEPS,
            DEFAULT_MAX_SCHEMA_DEPTH, DEFAULT_MAX_SUBSCHEMAS);

    public SchemaLimits {
        if (maxRegexSteps <= 0 || maxEvaluationSteps <= 0 || maxSchemaDepth <= 0 || maxSubschemas <= 0) {
            throw new IllegalArgumentException("Schema limits must be positive: " + maxRegexSteps + ", " + maxEvaluationSteps
                    + ", " + maxSchemaDepth + ", " + maxSubschemas);
        }
    }

    public SchemaLimits withMaxRegexSteps(long steps) {
        return new SchemaLimits(steps, maxEvaluationSteps, maxSchemaDepth, maxSubschemas);
    }

    public SchemaLimits withMaxEvaluationSteps(long steps) {
        return new SchemaLimits(maxRegexSteps, steps, maxSchemaDepth, maxSubschemas);
    }

    public SchemaLimits withMaxSchemaDepth(int depth) {
        return new SchemaLimits(maxRegexSteps, maxEvaluationSteps, depth, maxSubschemas);
    }

    public SchemaLimits withMaxSubschemas(int count) {
        return new SchemaLimits(maxRegexSteps, maxEvaluationSteps, maxSchemaDepth, count);
    }
}
