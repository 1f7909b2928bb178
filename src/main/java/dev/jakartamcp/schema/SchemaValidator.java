package dev.jakartamcp.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Validates JSON instances against JSON Schema 2020-12 schemas: those of
 * {@link JsonSchemaGenerator} and hand-written ones. Every keyword of the 2020-12 vocabularies is
 * either enforced or makes the schema refused; none is silently ignored except the annotations
 * listed below.
 *
 * <h2>Enforced</h2>
 * <ul>
 * <li>Core: {@code $ref} and {@code $dynamicRef} within the document: {@code #}, JSON pointers
 *     ({@code #/$defs/a}, {@code ~0}/{@code ~1} and percent-decoding, into any location, also
 *     {@code definitions}), plain names of {@code $anchor} and {@code $dynamicAnchor}, and, when the
 *     root has an {@code $id}, references whose document part is that {@code $id} (absolute or
 *     relative to it); {@code $defs}; boolean schemas. {@code $dynamicRef} resolves exactly as
 *     {@code $ref}: the specification looks for the outermost schema resource of the dynamic scope
 *     that has the same {@code $dynamicAnchor}, and since only one schema resource is accepted
 *     (see Refused) that is always the document itself.</li>
 * <li>Applicators: {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}, {@code if}/
 *     {@code then}/{@code else}, {@code dependentSchemas}, {@code prefixItems}, {@code items} (a
 *     schema, or an array as in draft 2019-09 and before, then with {@code additionalItems}),
 *     {@code contains}, {@code properties}, {@code patternProperties},
 *     {@code additionalProperties}, {@code propertyNames}.</li>
 * <li>Unevaluated: {@code unevaluatedProperties} and {@code unevaluatedItems}, seeing what
 *     adjacent keywords and in-place subschemas evaluated ({@code properties},
 *     {@code patternProperties}, {@code additionalProperties}, {@code prefixItems}, {@code items},
 *     {@code contains}, nested {@code unevaluated*}; through {@code allOf}, {@code $ref},
 *     {@code $dynamicRef}, {@code dependentSchemas}, {@code then}/{@code else} always, through
 *     {@code anyOf}, {@code oneOf} and {@code if} only from branches that pass, never through
 *     {@code not}).</li>
 * <li>Validation: {@code type} (an integer is any number without a fractional part, so
 *     {@code 1.0} is one), {@code enum}, {@code const} (numbers compare by value),
 *     {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum},
 *     {@code multipleOf} (exact decimal arithmetic), {@code minLength}, {@code maxLength} (in code
 *     points), {@code pattern} (ECMA-262 as JSON Schema says, run on Java's engine: {@code $},
 *     {@code .}, {@code \s}/{@code \S}, {@code \cx} and literal {@code [}/{@code &} in classes are
 *     translated; searched, not matched), {@code minItems}, {@code maxItems},
 *     {@code uniqueItems}, {@code minContains}, {@code maxContains}, {@code minProperties},
 *     {@code maxProperties}, {@code required}, {@code dependentRequired}.</li>
 * <li>Format: {@code format} is asserted for date-time, date, time (RFC 3339, offset required),
 *     duration (ISO 8601, weeks may be combined with other units), email (dot-atom local part, no
 *     quoted strings or address literals), uuid and uri (absolute); other format values are
 *     annotations and always pass.</li>
 * </ul>
 *
 * <h2>Refused</h2>
 * {@link IllegalArgumentException} from {@link #check} and {@link #validate}, naming the keyword and
 * the JSON pointer of the schema object holding it (nothing for the root), e.g.
 * {@code Invalid schema: unsupported JSON Schema keyword "$recursiveRef" at /properties/a; ...}:
 * <ul>
 * <li>{@code $id} in a subschema that would change the base URI (an embedded schema resource),
 *     {@code $id} with a fragment; {@code $ref}/{@code $dynamicRef} to another document (a
 *     different URI, a relative one without a root {@code $id}, the meta-schema itself);
 *     references that do not resolve; duplicate or malformed anchor names.</li>
 * <li>{@code $schema} other than {@code https://json-schema.org/draft/2020-12/schema}.</li>
 * <li>Keywords that would have no effect where they stand, so the author's intent cannot be
 *     honoured: {@code then}/{@code else} without {@code if}, {@code minContains}/
 *     {@code maxContains} without {@code contains}, {@code additionalItems} without an array in
 *     {@code items}.</li>
 * <li>Keywords of earlier drafts that would constrain there: {@code dependencies},
 *     {@code $recursiveRef}, {@code $recursiveAnchor}, {@code extends}, {@code disallow},
 *     {@code divisibleBy}.</li>
 * <li>Malformed values anywhere in the document, {@code $defs} and unused subschemas included
 *     (e.g. {@code "minimum": "one"}, {@code "type": "integr"}, a {@code pattern} that does not
 *     compile); schemas nesting deeper than {@link SchemaLimits#maxSchemaDepth()} or with more than
 *     {@link SchemaLimits#maxSubschemas()} subschemas.</li>
 * <li>Only by {@link #check}: subschemas that lead back to themselves without descending into the
 *     instance ({@code {"$ref":"#"}}); {@code validate} stops them at its recursion limit.</li>
 * </ul>
 *
 * <h2>Ignored by design</h2>
 * The annotations {@code title}, {@code description}, {@code default}, {@code examples},
 * {@code deprecated}, {@code readOnly}, {@code writeOnly}, {@code $comment},
 * {@code contentEncoding}, {@code contentMediaType}, {@code contentSchema} (checked as a schema,
 * never applied), {@code $vocabulary}, {@code $schema} naming 2020-12, {@code format} values other
 * than the asserted ones; and, as the specification says, members that are not JSON Schema
 * keywords at all ({@code x-mcp-header} and other extensions, draft 4's {@code id}), whose values
 * are not looked into.
 *
 * <h2>Violations</h2>
 * Violations are worded to follow their path, e.g. {@code address.zip} / {@code minimum} /
 * {@code must be >= 1}; a missing property is reported at its own path with {@code is required},
 * an unexpected one with {@code is not allowed} (keyword {@code additionalProperties},
 * {@code unevaluatedProperties}, {@code items}, {@code unevaluatedItems} or {@code false}). A wrong
 * {@code type} is reported alone for that value, and so is a string failing its asserted {@code format}: a
 * {@code pattern} beside it is not looked at then (it would most often fail too, and say less). The branches of {@code anyOf}/{@code oneOf}/
 * {@code not} are summed up in one violation.
 *
 * <h2>Bounds</h2>
 * An instance nesting arrays and objects deeper than 100 levels gets the single violation
 * {@code depth} / {@code must not nest arrays and objects more than 100 levels deep} before any
 * recursion; schema recursion that does not advance in the instance stops at 400 levels; at most
 * {@value #MAX_VIOLATIONS} violations are returned. Regular expressions ({@code pattern},
 * {@code patternProperties}, {@code propertyNames}, {@code format}) read the instance through a
 * counter and give up after {@link SchemaLimits#maxRegexSteps()} characters read in all, with the
 * violation {@code pattern} (or {@code patternProperties}, {@code format}) / {@code could not be
 * checked within the pattern evaluation budget}; a pattern that overflows the stack gives
 * {@code is too long to be checked against the pattern ...}. Subschema applications are counted
 * against {@link SchemaLimits#maxEvaluationSteps()}: {@code budget} / {@code could not be checked
 * within the schema evaluation budget}. Running out never throws and always fails the instance,
 * also inside {@code not}. Compiled patterns are kept with the {@link CompiledSchema} (and in a small shared cache).
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
        Objects.requireNonNull(instance, "instance");
        return compile(schema, limits).validate(instance);
    }

    /**
     * The schema checked and indexed once, to validate many instances within {@code limits} (see
     * {@link CompiledSchema}).
     *
     * @throws IllegalArgumentException when the schema is malformed or uses something unsupported
     */
    public static CompiledSchema compile(JsonObject schema, SchemaLimits limits) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(limits, "limits");
        return new CompiledSchema(SchemaIndex.of(schema, limits), limits);
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
     * @return the schema compiled, to validate instances with
     */
    public static CompiledSchema check(JsonObject schema) {
        return check(schema, SchemaLimits.DEFAULTS);
    }

    /** As {@link #check(JsonObject)}, within the given limits (depth and number of subschemas). */
    public static CompiledSchema check(JsonObject schema, SchemaLimits limits) {
        CompiledSchema compiled = compile(schema, limits);
        compiled.index().refuseEndlessRecursion();
        return compiled;
    }
}
