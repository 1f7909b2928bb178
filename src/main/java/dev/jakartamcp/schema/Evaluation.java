package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One validation of one instance: walks schema and instance together and collects violations. */
final class Evaluation {

    private static final int MAX_SCHEMA_DEPTH = 4 * Jsonp.MAX_DEPTH;
    private static final int MAX_CACHED_PATTERNS = 512;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final JsonObject root;
    private final int limit;
    private final List<SchemaViolation> violations = new ArrayList<>();
    private final Map<String, JsonValue> refs;

    Evaluation(JsonObject root, int limit) {
        this(root, limit, new HashMap<>());
    }

    private Evaluation(JsonObject root, int limit, Map<String, JsonValue> refs) {
        this.root = root;
        this.limit = limit;
        this.refs = refs;
    }

    List<SchemaViolation> violations() {
        return List.copyOf(violations);
    }

    void evaluate(JsonValue schema, JsonValue instance, InstancePath path, int depth) {
        if (full() || schema.getValueType() == JsonValue.ValueType.TRUE) {
            return;
        }
        if (schema.getValueType() == JsonValue.ValueType.FALSE) {
            report(path, "false", "is not allowed");
            return;
        }
        if (!(schema instanceof JsonObject s)) {
            throw invalid("a schema must be an object or a boolean, not " + schema.getValueType());
        }
        if (depth > MAX_SCHEMA_DEPTH) {
            report(path, "$ref", "cannot be checked: the schema nests more than " + MAX_SCHEMA_DEPTH + " levels deep");
            return;
        }
        if (s.containsKey("$ref")) {
            evaluate(resolve(string(s, "$ref")), instance, path, depth + 1);
        }
        if (!typeMatches(s, instance, path)) {
            return;
        }
        enumAndConst(s, instance, path);
        switch (instance.getValueType()) {
            case NUMBER -> numberKeywords(s, ((JsonNumber) instance).bigDecimalValue(), path);
            case STRING -> stringKeywords(s, ((JsonString) instance).getString(), path);
            case ARRAY -> arrayKeywords(s, (JsonArray) instance, path, depth);
            case OBJECT -> objectKeywords(s, (JsonObject) instance, path, depth);
            default -> {
            }
        }
        combinators(s, instance, path, depth);
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
        String pattern = string(s, "pattern");
        if (pattern != null) {
            checkPattern(pattern, value, path);
        }
        String format = string(s, "format");
        if (format != null && !Formats.isValid(format, value)) {
            report(path, "format", "must be " + Formats.describe(format));
        }
    }

    private void checkPattern(String pattern, String value, InstancePath path) {
        boolean found;
        try {
            found = pattern(pattern).matcher(value).find();
        } catch (StackOverflowError e) {
            // Java's regex engine recurses on some patterns (e.g. (a|b)*) once per character.
            report(path, "pattern", "is too long to be checked against the pattern " + pattern);
            return;
        }
        if (!found) {
            report(path, "pattern", pattern.equals("\\S") ? "must not be blank" : "must match the pattern " + pattern);
        }
    }

    private void arrayKeywords(JsonObject s, JsonArray array, InstancePath path, int depth) {
        int minItems = count(s, "minItems");
        if (minItems >= 0 && array.size() < minItems) {
            report(path, "minItems", "must have at least " + plural(minItems, "item"));
        }
        int maxItems = count(s, "maxItems");
        if (maxItems >= 0 && array.size() > maxItems) {
            report(path, "maxItems", "must have at most " + plural(maxItems, "item"));
        }
        if (s.get("uniqueItems") != null && s.get("uniqueItems").getValueType() == JsonValue.ValueType.TRUE) {
            uniqueItems(array, path);
        }
        JsonValue items = s.get("items");
        JsonArray prefixItems = array(s, "prefixItems");
        if (prefixItems == null && items instanceof JsonArray tuple) {
            prefixItems = tuple; // "items": [...] as in draft 2019-09 and before
            items = null;
        }
        int first = 0;
        if (prefixItems != null) {
            for (; first < prefixItems.size() && first < array.size(); first++) {
                evaluate(prefixItems.get(first), array.get(first), path.index(first), depth + 1);
            }
        }
        if (items != null) {
            for (int i = first; i < array.size() && !full(); i++) {
                if (items.getValueType() == JsonValue.ValueType.FALSE) {
                    report(path.index(i), "items", "is not allowed");
                } else {
                    evaluate(items, array.get(i), path.index(i), depth + 1);
                }
            }
        }
        JsonValue contains = s.get("contains");
        if (contains != null) {
            contains(s, contains, array, path, depth);
        }
    }

    private void uniqueItems(JsonArray array, InstancePath path) {
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            List<Integer> sameHash = byHash.computeIfAbsent(JsonEquality.hash(array.get(i)), h -> new ArrayList<>());
            for (int j : sameHash) {
                if (JsonEquality.equal(array.get(j), array.get(i))) {
                    report(path, "uniqueItems", "must not contain duplicate items (items " + j + " and " + i + " are equal)");
                    return;
                }
            }
            sameHash.add(i);
        }
    }

    private void contains(JsonObject s, JsonValue contains, JsonArray array, InstancePath path, int depth) {
        int minContains = count(s, "minContains");
        int maxContains = count(s, "maxContains");
        int min = minContains >= 0 ? minContains : 1;
        int matches = 0;
        for (int i = 0; i < array.size(); i++) {
            if (matches(contains, array.get(i), path.index(i), depth + 1)) {
                matches++;
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

    private void objectKeywords(JsonObject s, JsonObject object, InstancePath path, int depth) {
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
                return;
            }
            String name = member.getKey();
            InstancePath child = path.property(name);
            if (propertyNames != null && !matches(propertyNames, Jsonp.PROVIDER.createValue(name), child, depth + 1)) {
                report(child, "propertyNames", "is not an allowed property name");
            }
            boolean declared = false;
            if (properties != null && properties.containsKey(name)) {
                declared = true;
                evaluate(properties.get(name), member.getValue(), child, depth + 1);
            }
            if (patternProperties != null) {
                for (Map.Entry<String, JsonValue> p : patternProperties.entrySet()) {
                    if (pattern(p.getKey()).matcher(name).find()) {
                        declared = true;
                        evaluate(p.getValue(), member.getValue(), child, depth + 1);
                    }
                }
            }
            if (!declared && additional != null) {
                if (additional.getValueType() == JsonValue.ValueType.FALSE) {
                    report(child, "additionalProperties", "is not allowed");
                } else {
                    evaluate(additional, member.getValue(), child, depth + 1);
                }
            }
        }
    }

    private void combinators(JsonObject s, JsonValue instance, InstancePath path, int depth) {
        JsonArray allOf = array(s, "allOf");
        if (allOf != null) {
            allOf.forEach(sub -> evaluate(sub, instance, path, depth + 1));
        }
        JsonArray anyOf = array(s, "anyOf");
        if (anyOf != null && anyOf.stream().noneMatch(sub -> matches(sub, instance, path, depth + 1))) {
            report(path, "anyOf", "must match at least one of the schemas in anyOf");
        }
        JsonArray oneOf = array(s, "oneOf");
        if (oneOf != null) {
            long matched = oneOf.stream().filter(sub -> matches(sub, instance, path, depth + 1)).count();
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
            JsonValue branch = matches(condition, instance, path, depth + 1) ? s.get("then") : s.get("else");
            if (branch != null) {
                evaluate(branch, instance, path, depth + 1);
            }
        }
    }

    /** Whether the instance satisfies the schema; the probe stops at its first violation. */
    private boolean matches(JsonValue schema, JsonValue instance, InstancePath path, int depth) {
        Evaluation probe = new Evaluation(root, 1, refs);
        probe.evaluate(schema, instance, path, depth);
        return probe.violations.isEmpty();
    }

    private JsonValue resolve(String ref) {
        JsonValue cached = refs.get(ref);
        if (cached != null) {
            return cached;
        }
        if (!ref.startsWith("#")) {
            throw invalid("only $ref within the same document is supported, not " + ref);
        }
        String pointer;
        try {
            pointer = URI.create(ref).getFragment();
        } catch (IllegalArgumentException e) {
            throw invalid("$ref is not a valid URI fragment: " + ref);
        }
        JsonValue target = root;
        if (pointer != null && !pointer.isEmpty()) {
            if (!pointer.startsWith("/")) {
                throw invalid("$ref " + ref + " is not a JSON pointer");
            }
            for (String token : pointer.substring(1).split("/", -1)) {
                String key = token.replace("~1", "/").replace("~0", "~");
                if (target instanceof JsonObject object && object.containsKey(key)) {
                    target = object.get(key);
                } else if (target instanceof JsonArray array && key.matches("\\d{1,9}") && Integer.parseInt(key) < array.size()) {
                    target = array.get(Integer.parseInt(key));
                } else {
                    throw invalid("$ref " + ref + " does not resolve");
                }
            }
        }
        refs.put(ref, target);
        return target;
    }

    private static Pattern pattern(String regex) {
        Pattern compiled = PATTERNS.get(regex);
        if (compiled == null) {
            try {
                compiled = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw invalid("pattern " + regex + " is not a valid regular expression");
            }
            if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, compiled);
        }
        return compiled;
    }

    private boolean full() {
        return violations.size() >= limit;
    }

    private void report(InstancePath path, String keyword, String message) {
        if (!full()) {
            violations.add(new SchemaViolation(path.toString(), keyword, message));
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

    private static IllegalArgumentException invalid(String detail) {
        return new IllegalArgumentException("Invalid schema: " + detail);
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
