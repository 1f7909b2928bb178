package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * One validation of one instance: walks schema and instance together and collects violations. The
 * schema has been checked by {@link SchemaIndex} before, so nothing here throws for a malformed
 * schema (the shape checks that remain are a second line only).
 *
 * <p>{@link #evaluate} returns, when asked to collect them, the properties and items of the value
 * that the schema object evaluated ({@link Evaluated}), for {@code unevaluatedProperties} and
 * {@code unevaluatedItems}. Subschemas that must pass ({@code allOf}, {@code $ref}, {@code then},
 * ...) always contribute theirs (the instance is invalid anyway when they fail); those that may fail
 * ({@code anyOf}, {@code oneOf}, {@code if}, {@code contains}) contribute only when they pass, and
 * {@code not} never does, as the specification says.
 */
final class Evaluation {

    private static final int MAX_SCHEMA_DEPTH = 4 * Jsonp.MAX_DEPTH;

    private final SchemaIndex index;
    private final Budget budget;
    private final int limit;
    private final List<SchemaViolation> violations = new ArrayList<>();
    private boolean reportedUnchecked;

    Evaluation(SchemaIndex index, Budget budget, int limit) {
        this.index = index;
        this.budget = budget;
        this.limit = limit;
    }

    List<SchemaViolation> violations() {
        return List.copyOf(violations);
    }

    /**
     * Applies {@code schema} to {@code instance}. With {@code collect}, returns what it evaluated
     * of the value (never null); without, returns null.
     */
    Evaluated evaluate(JsonValue schema, JsonValue instance, InstancePath path, int depth, boolean collect) {
        if (full()) {
            return failed(collect);
        }
        if (schema.getValueType() == JsonValue.ValueType.TRUE) {
            return collect ? Evaluated.NONE : null;
        }
        if (schema.getValueType() == JsonValue.ValueType.FALSE) {
            report(path, "false", "is not allowed");
            return failed(collect);
        }
        if (!(schema instanceof JsonObject s)) {
            throw SchemaIndex.invalid("a schema must be an object or a boolean, not " + schema.getValueType(), "");
        }
        if (depth > MAX_SCHEMA_DEPTH) {
            // unchecked, as a spent budget is: inside not/if/oneOf a mere failure would count as the branch not
            // matching, and so let the instance pass
            unchecked(path, "$ref", "cannot be checked: the schema nests more than " + MAX_SCHEMA_DEPTH + " levels deep");
            return failed(collect);
        }
        if (!budget.spend(1)) {
            unchecked(path, "budget", Budget.EVALUATION_MESSAGE);
            return failed(collect);
        }
        boolean unevaluated = s.containsKey("unevaluatedProperties") || s.containsKey("unevaluatedItems");
        Evaluated here = collect || unevaluated ? new Evaluated() : null;
        boolean inner = here != null;
        String ref = string(s, "$ref");
        if (ref != null) {
            add(here, evaluate(index.target("$ref", ref), instance, path, depth + 1, inner));
        }
        String dynamicRef = string(s, "$dynamicRef");
        if (dynamicRef != null) {
            // With a single schema resource (SchemaIndex refuses embedded ones) the dynamic scope
            // holds only this document, so $dynamicRef resolves exactly as $ref does.
            add(here, evaluate(index.target("$dynamicRef", dynamicRef), instance, path, depth + 1, inner));
        }
        if (!typeMatches(s, instance, path)) {
            return failed(collect);
        }
        enumAndConst(s, instance, path);
        switch (instance.getValueType()) {
            case NUMBER -> numberKeywords(s, ((JsonNumber) instance).bigDecimalValue(), path);
            case STRING -> stringKeywords(s, ((JsonString) instance).getString(), path);
            case ARRAY -> arrayKeywords(s, (JsonArray) instance, path, depth, here);
            case OBJECT -> objectKeywords(s, (JsonObject) instance, path, depth, here);
            default -> {
            }
        }
        combinators(s, instance, path, depth, here);
        if (unevaluated) {
            unevaluated(s, instance, path, depth, here);
        }
        return collect ? here : null;
    }

    private static Evaluated failed(boolean collect) {
        return collect ? Evaluated.ALL : null;
    }

    private static void add(Evaluated here, Evaluated evaluated) {
        if (here != null) {
            here.add(evaluated);
        }
    }

    private boolean typeMatches(JsonObject s, JsonValue instance, InstancePath path) {
        JsonValue type = s.get("type");
        if (type == null) {
            return true;
        }
        List<String> allowed = new ArrayList<>();
        if (type instanceof JsonString single) {
            allowed.add(single.getString());
        } else if (type instanceof JsonArray several) {
            several.forEach(t -> allowed.add(asString(t, "type")));
        } else {
            throw invalid("type must be a string or an array of strings");
        }
        String actual = typeName(instance);
        for (String t : allowed) {
            if (t.equals(actual) || (t.equals("number") && actual.equals("integer"))) {
                return true;
            }
        }
        report(path, "type", "must be of type " + String.join(" or ", allowed) + " but was " + actual);
        return false;
    }

    private static String typeName(JsonValue instance) {
        return switch (instance.getValueType()) {
            case NULL -> "null";
            case TRUE, FALSE -> "boolean";
            case STRING -> "string";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NUMBER -> Numbers.isIntegral(((JsonNumber) instance).bigDecimalValue()) ? "integer" : "number";
        };
    }

    private void enumAndConst(JsonObject s, JsonValue instance, InstancePath path) {
        JsonArray allowed = array(s, "enum");
        if (allowed != null && allowed.stream().noneMatch(v -> JsonEquality.equal(v, instance))) {
            report(path, "enum", "must be one of " + render(allowed));
        }
        JsonValue constant = s.get("const");
        if (constant != null && !JsonEquality.equal(constant, instance)) {
            report(path, "const", "must be equal to " + render(List.of(constant)));
        }
    }

    private void numberKeywords(JsonObject s, BigDecimal value, InstancePath path) {
        compare(s, "minimum", value, c -> c >= 0, ">=", path);
        compare(s, "exclusiveMinimum", value, c -> c > 0, ">", path);
        compare(s, "maximum", value, c -> c <= 0, "<=", path);
        compare(s, "exclusiveMaximum", value, c -> c < 0, "<", path);
        JsonNumber multipleOf = number(s, "multipleOf");
        if (multipleOf != null) {
            if (multipleOf.bigDecimalValue().signum() <= 0) {
                throw invalid("multipleOf must be greater than 0");
            }
            if (!Numbers.isMultipleOf(value, multipleOf.bigDecimalValue())) {
                report(path, "multipleOf", "must be a multiple of " + multipleOf);
            }
        }
    }

    private void compare(JsonObject s, String keyword, BigDecimal value, IntPredicate ok,
            String operator, InstancePath path) {
        JsonNumber bound = number(s, keyword);
        if (bound != null && !ok.test(value.compareTo(bound.bigDecimalValue()))) {
            report(path, keyword, "must be " + operator + " " + bound);
        }
    }

    private void stringKeywords(JsonObject s, String value, InstancePath path) {
        int minLength = count(s, "minLength");
        int maxLength = count(s, "maxLength");
        if (minLength >= 0 || maxLength >= 0) {
            int length = value.codePointCount(0, value.length());
            if (minLength >= 0 && length < minLength) {
                report(path, "minLength", "must be at least " + plural(minLength, "character") + " long");
            }
            if (maxLength >= 0 && length > maxLength) {
                report(path, "maxLength", "must be at most " + plural(maxLength, "character") + " long");
            }
        }
        // a value that is no valid date-time (email, ...) is told so alone: the pattern a generated schema adds to the
        // format (java.time's limits) would fail too, and say it only as a regular expression
        if (hasFormat(s, value, path)) {
            String pattern = string(s, "pattern");
            if (pattern != null) {
                Boolean found = find(pattern, value, path, "pattern");
                if (Boolean.FALSE.equals(found)) {
                    report(path, "pattern", pattern.equals("\\S") ? "must not be blank" : "must match the pattern " + pattern);
                }
            }
        }
    }

    /** Whether {@code value} has the schema's format (true without one); a violation reported when not. */
    private boolean hasFormat(JsonObject s, String value, InstancePath path) {
        String format = string(s, "format");
        if (format == null) {
            return true;
        }
        try {
            if (Formats.isValid(format, budget.text(value))) {
                return true;
            }
            report(path, "format", "must be " + Formats.describe(format));
        } catch (Budget.Exhausted e) {
            unchecked(path, "format", Budget.REGEX_MESSAGE);
        }
        return false;
    }

    /**
     * Whether {@code regex} occurs in {@code value} (searched, not matched, as the specification
     * says); null when that could not be found out, which is then reported as a violation.
     */
    private Boolean find(String regex, String value, InstancePath path, String keyword) {
        try {
            return index.pattern(regex).matcher(budget.text(value)).find();
        } catch (Budget.Exhausted e) {
            unchecked(path, keyword, Budget.REGEX_MESSAGE);
        } catch (StackOverflowError e) {
            // Java's regex engine recurses on some patterns (e.g. (a|b)*) once per character.
            unchecked(path, keyword, "is too long to be checked against the pattern " + regex);
        }
        return null;
    }

    private void arrayKeywords(JsonObject s, JsonArray array, InstancePath path, int depth, Evaluated here) {
        int minItems = count(s, "minItems");
        if (minItems >= 0 && array.size() < minItems) {
            report(path, "minItems", "must have at least " + plural(minItems, "item"));
        }
        int maxItems = count(s, "maxItems");
        if (maxItems >= 0 && array.size() > maxItems) {
            report(path, "maxItems", "must have at most " + plural(maxItems, "item"));
        }
        if (s.get("uniqueItems") != null && s.get("uniqueItems").getValueType() == JsonValue.ValueType.TRUE) {
            if (budget.spend(array.size())) {
                uniqueItems(array, path);
            } else {
                unchecked(path, "budget", Budget.EVALUATION_MESSAGE);
            }
        }
        JsonValue items = s.get("items");
        String itemsKeyword = "items";
        JsonArray prefixItems = array(s, "prefixItems");
        if (prefixItems == null && items instanceof JsonArray tuple) {
            prefixItems = tuple; // "items": [...] and "additionalItems" as in draft 2019-09 and before
            items = s.get("additionalItems");
            itemsKeyword = "additionalItems";
        }
        int first = 0;
        if (prefixItems != null) {
            for (; first < prefixItems.size() && first < array.size(); first++) {
                evaluate(prefixItems.get(first), array.get(first), path.index(first), depth + 1, false);
            }
            if (here != null) {
                here.items(first);
            }
        }
        if (items != null) {
            for (int i = first; i < array.size() && !full(); i++) {
                if (items.getValueType() == JsonValue.ValueType.FALSE) {
                    report(path.index(i), itemsKeyword, "is not allowed");
                } else {
                    evaluate(items, array.get(i), path.index(i), depth + 1, false);
                }
            }
            if (here != null) {
                here.allItems();
            }
        }
        JsonValue contains = s.get("contains");
        if (contains != null) {
            contains(s, contains, array, path, depth, here);
        }
    }

    /**
     * Items are compared only with the items of the same hash. A caller who knows the hash can make many distinct
     * items share one ("Aa" and "BB" have the same String hash), so every comparison is paid for from the evaluation
     * budget, in what it may read of the item ({@link JsonEquality#weight}).
     */
    private void uniqueItems(JsonArray array, InstancePath path) {
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            List<Integer> sameHash = byHash.computeIfAbsent(JsonEquality.hash(array.get(i)), h -> new ArrayList<>());
            long weight = sameHash.isEmpty() ? 0 : JsonEquality.weight(array.get(i));
            for (int j : sameHash) {
                if (!budget.spend(weight)) {
                    unchecked(path, "budget", Budget.EVALUATION_MESSAGE);
                    return;
                }
                if (JsonEquality.equal(array.get(j), array.get(i))) {
                    report(path, "uniqueItems", "must not contain duplicate items (items " + j + " and " + i + " are equal)");
                    return;
                }
            }
            sameHash.add(i);
        }
    }

    private void contains(JsonObject s, JsonValue contains, JsonArray array, InstancePath path, int depth, Evaluated here) {
        int minContains = count(s, "minContains");
        int maxContains = count(s, "maxContains");
        int min = minContains >= 0 ? minContains : 1;
        int matches = 0;
        for (int i = 0; i < array.size() && !full(); i++) {
            if (matches(contains, array.get(i), path.index(i), depth + 1)) {
                matches++;
                if (here != null) {
                    here.item(i);
                }
            }
        }
        if (matches < min) {
            report(path, min == 1 ? "contains" : "minContains",
                    "must contain at least " + plural(min, "item") + " matching the schema in contains");
        }
        if (maxContains >= 0 && matches > maxContains) {
            report(path, "maxContains", "must contain at most " + plural(maxContains, "item") + " matching the schema in contains");
        }
    }

    private void objectKeywords(JsonObject s, JsonObject object, InstancePath path, int depth, Evaluated here) {
        JsonArray required = array(s, "required");
        if (required != null) {
            for (JsonValue name : required) {
                String property = asString(name, "required");
                if (!object.containsKey(property)) {
                    report(path.property(property), "required", "is required");
                }
            }
        }
        if (s.get("dependentRequired") instanceof JsonObject dependentRequired) {
            dependentRequired.forEach((present, names) -> {
                if (object.containsKey(present)) {
                    asArray(names, "dependentRequired").forEach(name -> {
                        if (!object.containsKey(asString(name, "dependentRequired"))) {
                            report(path.property(asString(name, "dependentRequired")), "dependentRequired",
                                    "is required when " + present + " is present");
                        }
                    });
                }
            });
        }
        int minProperties = count(s, "minProperties");
        if (minProperties >= 0 && object.size() < minProperties) {
            report(path, "minProperties", "must have at least " + plural(minProperties, "property"));
        }
        int maxProperties = count(s, "maxProperties");
        if (maxProperties >= 0 && object.size() > maxProperties) {
            report(path, "maxProperties", "must have at most " + plural(maxProperties, "property"));
        }
        JsonValue propertyNames = s.get("propertyNames");
        JsonObject properties = object(s, "properties");
        JsonObject patternProperties = object(s, "patternProperties");
        JsonValue additional = s.get("additionalProperties");
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            if (full()) {
                break;
            }
            String name = member.getKey();
            InstancePath child = path.property(name);
            if (propertyNames != null && !matches(propertyNames, Jsonp.PROVIDER.createValue(name), child, depth + 1)) {
                report(child, "propertyNames", "is not an allowed property name");
            }
            boolean declared = false;
            if (properties != null && properties.containsKey(name)) {
                declared = true;
                evaluate(properties.get(name), member.getValue(), child, depth + 1, false);
            }
            if (patternProperties != null) {
                for (Map.Entry<String, JsonValue> p : patternProperties.entrySet()) {
                    Boolean found = find(p.getKey(), name, child, "patternProperties");
                    if (found == null) {
                        declared = true; // reported; not again as an additional property
                    } else if (found) {
                        declared = true;
                        evaluate(p.getValue(), member.getValue(), child, depth + 1, false);
                    }
                }
            }
            if (declared && here != null) {
                here.property(name);
            }
            if (!declared && additional != null) {
                if (additional.getValueType() == JsonValue.ValueType.FALSE) {
                    report(child, "additionalProperties", "is not allowed");
                } else {
                    evaluate(additional, member.getValue(), child, depth + 1, false);
                }
            }
        }
        if (additional != null && here != null) {
            here.allProperties();
        }
        if (s.get("dependentSchemas") instanceof JsonObject dependentSchemas) {
            for (Map.Entry<String, JsonValue> dependent : dependentSchemas.entrySet()) {
                if (object.containsKey(dependent.getKey())) {
                    add(here, evaluate(dependent.getValue(), object, path, depth + 1, here != null));
                }
            }
        }
    }

    private void combinators(JsonObject s, JsonValue instance, InstancePath path, int depth, Evaluated here) {
        boolean collect = here != null;
        JsonArray allOf = array(s, "allOf");
        if (allOf != null) {
            allOf.forEach(sub -> add(here, evaluate(sub, instance, path, depth + 1, collect)));
        }
        JsonArray anyOf = array(s, "anyOf");
        if (anyOf != null) {
            boolean matched = false;
            for (JsonValue sub : anyOf) {
                Evaluated evaluated = probe(sub, instance, path, depth + 1, collect);
                if (evaluated != null) {
                    matched = true;
                    add(here, evaluated);
                    if (!collect) {
                        break; // every passing branch counts for unevaluated*, so only then are all tried
                    }
                }
            }
            if (!matched) {
                report(path, "anyOf", "must match at least one of the schemas in anyOf");
            }
        }
        JsonArray oneOf = array(s, "oneOf");
        if (oneOf != null) {
            long matched = 0;
            for (JsonValue sub : oneOf) {
                Evaluated evaluated = probe(sub, instance, path, depth + 1, collect);
                if (evaluated != null) {
                    matched++;
                    add(here, evaluated);
                }
            }
            if (matched != 1) {
                report(path, "oneOf", "must match exactly one of the schemas in oneOf, but matched "
                        + (matched == 0 ? "none" : String.valueOf(matched)));
            }
        }
        JsonValue not = s.get("not");
        if (not != null && matches(not, instance, path, depth + 1)) {
            report(path, "not", "must not match the schema in not");
        }
        JsonValue condition = s.get("if");
        if (condition != null) {
            Evaluated evaluated = probe(condition, instance, path, depth + 1, collect);
            add(here, evaluated);
            JsonValue branch = evaluated != null ? s.get("then") : s.get("else");
            if (branch != null) {
                add(here, evaluate(branch, instance, path, depth + 1, collect));
            }
        }
    }

    /** unevaluatedProperties and unevaluatedItems, after every other keyword of the schema object. */
    private void unevaluated(JsonObject s, JsonValue instance, InstancePath path, int depth, Evaluated here) {
        JsonValue properties = s.get("unevaluatedProperties");
        if (properties != null && instance instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (full()) {
                    break;
                }
                if (!here.hasProperty(member.getKey())) {
                    InstancePath child = path.property(member.getKey());
                    if (properties.getValueType() == JsonValue.ValueType.FALSE) {
                        report(child, "unevaluatedProperties", "is not allowed");
                    } else {
                        evaluate(properties, member.getValue(), child, depth + 1, false);
                    }
                }
            }
            here.allProperties();
        }
        JsonValue items = s.get("unevaluatedItems");
        if (items != null && instance instanceof JsonArray array) {
            for (int i = 0; i < array.size() && !full(); i++) {
                if (!here.hasItem(i)) {
                    if (items.getValueType() == JsonValue.ValueType.FALSE) {
                        report(path.index(i), "unevaluatedItems", "is not allowed");
                    } else {
                        evaluate(items, array.get(i), path.index(i), depth + 1, false);
                    }
                }
            }
            here.allItems();
        }
    }

    /** Whether the instance satisfies the schema; the probe stops at its first violation. */
    private boolean matches(JsonValue schema, JsonValue instance, InstancePath path, int depth) {
        return probe(schema, instance, path, depth, false) != null;
    }

    /**
     * Applies a subschema whose failure is not itself a violation: null when it fails, else what it
     * evaluated ({@link Evaluated#NONE} without {@code collect}).
     */
    private Evaluated probe(JsonValue schema, JsonValue instance, InstancePath path, int depth, boolean collect) {
        Evaluation probe = new Evaluation(index, budget, 1);
        Evaluated evaluated = probe.evaluate(schema, instance, path, depth, collect);
        if (!probe.violations.isEmpty()) {
            return null;
        }
        return collect ? evaluated : Evaluated.NONE;
    }

    /** Whether nothing more is worth evaluating: the violations it may report are there, or a budget ran out. */
    private boolean full() {
        return violations.size() >= limit || budget.spent();
    }

    private void report(InstancePath path, String keyword, String message) {
        if (!full()) {
            violations.add(new SchemaViolation(path.toString(), keyword, message));
        }
    }

    /**
     * A value that could not be checked within the limits: a violation, once per evaluation, and
     * remembered so that the whole validation fails even if this evaluation is a probe that may fail.
     */
    private void unchecked(InstancePath path, String keyword, String message) {
        boolean reported = !reportedUnchecked && violations.size() < limit;
        if (!reported && budget.hasUnchecked()) {
            return; // the path is rendered only for a violation kept
        }
        SchemaViolation violation = new SchemaViolation(path.toString(), keyword, message);
        budget.unchecked(violation);
        if (reported) {
            reportedUnchecked = true;
            violations.add(violation);
        }
    }

    /** JSON text of schema values, cut short so a huge enum does not make a huge message. */
    private static String render(List<JsonValue> values) {
        StringBuilder text = new StringBuilder();
        for (JsonValue value : values) {
            if (text.length() > 200) {
                return text.append(", ...").toString();
            }
            text.append(text.length() == 0 ? "" : ", ").append(value);
        }
        return text.toString();
    }

    private static String plural(int n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    // --- schema values; SchemaIndex has checked their shape, so the throws are a second line only ---

    private static IllegalArgumentException invalid(String detail) {
        return SchemaIndex.invalid(detail, "");
    }

    private static String string(JsonObject s, String keyword) {
        JsonValue value = s.get(keyword);
        return value == null ? null : asString(value, keyword);
    }

    private static String asString(JsonValue value, String keyword) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw invalid(keyword + " must be a string");
    }

    private static JsonNumber number(JsonObject s, String keyword) {
        JsonValue value = s.get(keyword);
        if (value == null || value instanceof JsonNumber) {
            return (JsonNumber) value;
        }
        throw invalid(keyword + " must be a number");
    }

    /** A non-negative integer keyword, or -1 when absent. */
    private static int count(JsonObject s, String keyword) {
        JsonNumber value = number(s, keyword);
        if (value == null) {
            return -1;
        }
        BigDecimal n = value.bigDecimalValue();
        if (n.signum() < 0 || !Numbers.isIntegral(n)) {
            throw invalid(keyword + " must be a non-negative integer");
        }
        return n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : n.intValue();
    }

    private static JsonArray array(JsonObject s, String keyword) {
        JsonValue value = s.get(keyword);
        return value == null ? null : asArray(value, keyword);
    }

    private static JsonArray asArray(JsonValue value, String keyword) {
        if (value instanceof JsonArray array) {
            return array;
        }
        throw invalid(keyword + " must be an array");
    }

    private static JsonObject object(JsonObject s, String keyword) {
        JsonValue value = s.get(keyword);
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw invalid(keyword + " must be an object");
    }
}
