package dev.jakartamcp.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A schema checked and indexed once ({@link SchemaValidator#compile}) to validate any number of instances. Nothing in
 * it changes after it is made, so one instance serves concurrent validations: a tool's input schema is compiled when
 * the tool is registered instead of being walked again for every call.
 */
public final class CompiledSchema {
    private final SchemaIndex index;
    private final SchemaLimits limits;

    CompiledSchema(SchemaIndex index, SchemaLimits limits) {
        this.index = index;
        this.limits = limits;
    }

    SchemaIndex index() {
        return index;
    }

    /** The schema document. */
    public JsonObject json() {
        return index.root;
    }

    /**
     * The schema objects of the document that carry the annotation {@code name} (a member JSON Schema does not define,
     * such as {@code x-mcp-header}), each under its path from the root (its JSON pointer's tokens, unescaped: {@code
     * [properties, a]}; empty for the root), in document order.
     */
    public Map<List<String>, JsonObject> annotated(String name) {
        return index.annotated(name);
    }

    /**
     * All violations of {@code instance}, as {@link SchemaValidator#validate(JsonObject, JsonValue, SchemaLimits)}
     * reports them, within the limits this schema was compiled with.
     */
    public List<SchemaViolation> validate(JsonValue instance) {
        return validate(instance, new Budget(limits));
    }

    /** As {@link #validate(JsonValue)}, spending {@code budget}, which then tells how much work the validation did. */
    List<SchemaViolation> validate(JsonValue instance, Budget budget) {
        Objects.requireNonNull(instance, "instance");
        if (Jsonp.deeperThan(instance, Jsonp.MAX_DEPTH)) {
            return List.of(new SchemaViolation("", "depth",
                    "must not nest arrays and objects more than " + Jsonp.MAX_DEPTH + " levels deep"));
        }
        Evaluation evaluation = new Evaluation(index, budget, SchemaValidator.MAX_VIOLATIONS);
        evaluation.evaluate(index.root, instance, InstancePath.ROOT, 0, false);
        return budget.failClosed(evaluation.violations(), SchemaValidator.MAX_VIOLATIONS);
    }
}
