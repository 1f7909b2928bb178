package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A schema document checked from end to end, before any instance is looked at: every keyword of
 * every subschema ({@code $defs} and unused branches included) is known and well formed, every
 * {@code $ref} resolves inside the document, every regular expression compiles. Keeps what the
 * evaluation then needs: the targets of the references and the compiled patterns.
 *
 * <p>Failures are {@link IllegalArgumentException}s whose message starts with {@code Invalid schema: },
 * names the keyword and ends with the JSON pointer of the schema object holding it, e.g.
 * {@code Invalid schema: minimum must be a number at /properties/a}; nothing is added for the root.
 *
 * <p>Nothing changes once {@link #of} has returned ({@link #target} and {@link #pattern} only read), so one index serves
 * concurrent evaluations ({@link CompiledSchema}).
 */
final class SchemaIndex {

    private static final Set<String> DIALECTS = Set.of(JsonSchemaGenerator.DIALECT, JsonSchemaGenerator.DIALECT + "#");
    private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "string", "integer");
    private static final Pattern ANCHOR = Pattern.compile("[A-Za-z_][-A-Za-z0-9._]*");
    private static final Pattern INVALID_ESCAPE = Pattern.compile("~(?![01])");
    private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");
    private static final int MAX_CACHED_PATTERNS = 512;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** Keywords of earlier drafts that would constrain the instance there; 2020-12 says otherwise. */
    private static final Map<String, String> EARLIER_DRAFTS = Map.of(
            "$recursiveRef", "it belongs to draft 2019-09; use $dynamicRef",
            "$recursiveAnchor", "it belongs to draft 2019-09; use $dynamicAnchor",
            "dependencies", "it belongs to draft 7 and before; use dependentRequired or dependentSchemas",
            "extends", "it belongs to draft 3; use allOf",
            "disallow", "it belongs to draft 3; use not",
            "divisibleBy", "it belongs to draft 3; use multipleOf");

    final JsonObject root;
    private final SchemaLimits limits;
    /** The root's {@code $id} without fragment, or null: the one base URI that references resolve against. */
    private URI base;
    /** Every schema object walked, in walk order, with its JSON pointer. */
    private final Map<JsonObject, String> locations = new IdentityHashMap<>();
    private final List<JsonObject> order = new ArrayList<>();
    private final Map<String, JsonValue> anchors = new HashMap<>();
    private final Map<String, JsonValue> targets = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();
    private final Deque<PendingRef> pending = new ArrayDeque<>();

    private record PendingRef(String keyword, String ref, String location) {
    }

    private SchemaIndex(JsonObject root, SchemaLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Checks {@code root}; throws {@link IllegalArgumentException} for anything malformed or unsupported. */
    static SchemaIndex of(JsonObject root, SchemaLimits limits) {
        SchemaIndex index = new SchemaIndex(root, limits);
        index.rootId();
        index.schema(root, "", 0);
        while (!index.pending.isEmpty()) {
            index.resolve(index.pending.poll());
        }
        return index;
    }

    /** The target of a {@code $ref} or {@code $dynamicRef} value found in this document. */
    JsonValue target(String keyword, String ref) {
        JsonValue target = targets.get(ref);
        if (target == null) {
            throw invalid(keyword + " " + ref + " does not resolve", "");
        }
        return target;
    }

    /** The compiled form of a {@code pattern} or {@code patternProperties} regular expression of this document. */
    Pattern pattern(String regex) {
        Pattern compiled = patterns.get(regex);
        return compiled != null ? compiled : compile(regex, "pattern", "");
    }

    /**
     * The schema objects of this document that carry the member {@code name}, which JSON Schema does not define (an
     * annotation such as {@code x-mcp-header}), each under the path from the root to it (the tokens of its JSON pointer,
     * unescaped; empty for the root), in document order. An object used at several places (one {@code JsonObject}
     * instance put into a schema built in code twice, or inside one that is) is found at each, as it would be had the
     * document been written out.
     */
    Map<List<String>, JsonObject> annotated(String name) {
        Map<List<String>, JsonObject> found = new LinkedHashMap<>();
        if (order.stream().anyMatch(s -> s.containsKey(name))) {
            places(root, new ArrayList<>(), name, found, new int[1]);
        }
        return found;
    }

    /** The most objects and arrays {@link #annotated} visits: a schema written out larger is refused. */
    static final int MAX_PLACES = 100_000;

    private void places(JsonValue value, List<String> path, String name, Map<List<String>, JsonObject> found, int[] visited) {
        if (++visited[0] > MAX_PLACES) {
            throw invalid("written out, the schema holds more than " + MAX_PLACES + " objects and arrays", "");
        }
        if (path.size() > 2 * limits.maxSchemaDepth() + 4) {
            return; // deeper than any schema object the walk accepted: data (a const, a default), nothing to find
        }
        if (value instanceof JsonObject object) {
            if (object.containsKey(name) && locations.containsKey(object)) {
                found.putIfAbsent(List.copyOf(path), object);
            }
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (member.getValue() instanceof JsonObject || member.getValue() instanceof JsonArray) {
                    path.add(member.getKey());
                    places(member.getValue(), path, name, found, visited);
                    path.remove(path.size() - 1);
                }
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof JsonObject || array.get(i) instanceof JsonArray) {
                    path.add(Integer.toString(i));
                    places(array.get(i), path, name, found, visited);
                    path.remove(path.size() - 1);
                }
            }
        }
    }

    // --- the walk ----------------------------------------------------------------------------

    private void rootId() {
        if (root.get("$id") instanceof JsonString id) {
            URI uri = uri(id.getString(), "$id", "");
            if (uri.getRawFragment() != null && !uri.getRawFragment().isEmpty()) {
                throw invalid("$id " + id.getString() + " must not have a fragment (use $anchor)", "");
            }
            base = withoutFragment(uri);
        }
    }

    private void schema(JsonValue node, String location, int depth) {
        if (node.getValueType() == JsonValue.ValueType.TRUE || node.getValueType() == JsonValue.ValueType.FALSE) {
            return;
        }
        if (!(node instanceof JsonObject s)) {
            throw invalid("a schema must be an object or a boolean, not " + node.getValueType(), location);
        }
        if (depth > limits.maxSchemaDepth()) {
            throw invalid("the schema nests more than " + limits.maxSchemaDepth() + " levels deep", location);
        }
        if (locations.containsKey(s)) {
            return; // the same object used twice; checked once
        }
        if (locations.size() >= limits.maxSubschemas()) {
            throw invalid("the schema has more than " + limits.maxSubschemas() + " subschemas", location);
        }
        locations.put(s, location);
        order.add(s);
        for (Map.Entry<String, JsonValue> member : s.entrySet()) {
            keyword(s, member.getKey(), member.getValue(), location, depth);
        }
        requireCompanion(s, "then", "if", location);
        requireCompanion(s, "else", "if", location);
        requireCompanion(s, "minContains", "contains", location);
        requireCompanion(s, "maxContains", "contains", location);
        if (s.containsKey("additionalItems") && !(s.get("items") instanceof JsonArray)) {
            throw invalid("unsupported JSON Schema keyword \"additionalItems\"", location,
                    "without an array in items it has no effect in 2020-12; use prefixItems and items");
        }
        if (s.get("items") instanceof JsonArray && s.containsKey("prefixItems")) {
            throw invalid("items must be a schema when prefixItems is present", location);
        }
    }

    private void keyword(JsonObject s, String keyword, JsonValue value, String location, int depth) {
        String here = location + "/" + keyword; // every keyword that uses it is free of ~ and /
        switch (keyword) {
            case "$schema" -> {
                String dialect = string(value, keyword, location);
                if (!DIALECTS.contains(dialect)) {
                    throw invalid("unsupported $schema " + dialect, location,
                            "only JSON Schema 2020-12 (" + JsonSchemaGenerator.DIALECT + ") is supported");
                }
            }
            case "$vocabulary" -> object(value, keyword, location).forEach((uri, required) -> {
                if (!(required.getValueType() == JsonValue.ValueType.TRUE || required.getValueType() == JsonValue.ValueType.FALSE)) {
                    throw invalid("$vocabulary values must be booleans", location);
                }
            });
            case "$id" -> id(s, string(value, keyword, location), location);
            case "$anchor", "$dynamicAnchor" -> anchor(s, keyword, string(value, keyword, location), location);
            case "$ref", "$dynamicRef" -> pending.add(new PendingRef(keyword, string(value, keyword, location), location));
            case "$defs", "definitions", "properties", "dependentSchemas" ->
                    object(value, keyword, location).forEach((name, sub) -> schema(sub, here + "/" + escape(name), depth + 2));
            case "patternProperties" -> object(value, keyword, location).forEach((regex, sub) -> {
                patterns.computeIfAbsent(regex, r -> compile(r, keyword, location));
                schema(sub, here + "/" + escape(regex), depth + 2);
            });
            case "$comment", "title", "description", "contentEncoding", "contentMediaType", "format" ->
                    string(value, keyword, location);
            case "deprecated", "readOnly", "writeOnly", "uniqueItems" -> {
                if (!(value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE)) {
                    throw invalid(keyword + " must be a boolean", location);
                }
            }
            case "default" -> {
                // any value; never used
            }
            case "examples" -> array(value, keyword, location);
            case "contentSchema", "additionalProperties", "propertyNames", "if", "then", "else", "not", "contains",
                    "unevaluatedItems", "unevaluatedProperties", "additionalItems" -> schema(value, here, depth + 1);
            case "items" -> {
                if (value instanceof JsonArray tuple) { // as in draft 2019-09 and before: prefixItems
                    schemas(tuple, keyword, here, location, depth);
                } else {
                    schema(value, here, depth + 1);
                }
            }
            case "prefixItems", "allOf", "anyOf", "oneOf" -> schemas(array(value, keyword, location), keyword, here, location, depth);
            case "type" -> types(value, location);
            case "enum" -> shallow(array(value, keyword, location), keyword, location, depth);
            case "const" -> shallow(value, keyword, location, depth);
            case "multipleOf" -> {
                if (number(value, keyword, location).bigDecimalValue().signum() <= 0) {
                    throw invalid("multipleOf must be greater than 0", location);
                }
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> number(value, keyword, location);
            case "minLength", "maxLength", "minItems", "maxItems", "minContains", "maxContains", "minProperties",
                    "maxProperties" -> count(value, keyword, location);
            case "pattern" -> {
                String regex = string(value, keyword, location);
                patterns.computeIfAbsent(regex, r -> compile(r, keyword, location));
            }
            case "required" -> names(value, keyword, location);
            case "dependentRequired" -> object(value, keyword, location).forEach((name, names) -> names(names, keyword, location));
            default -> {
                String why = EARLIER_DRAFTS.get(keyword);
                if (why != null) {
                    throw invalid("unsupported JSON Schema keyword \"" + keyword + "\"", location, why);
                }
                // not a JSON Schema keyword: an annotation, as the specification says (x-mcp-header, ...)
            }
        }
    }

    private void requireCompanion(JsonObject s, String keyword, String companion, String location) {
        if (s.containsKey(keyword) && !s.containsKey(companion)) {
            throw invalid("unsupported JSON Schema keyword \"" + keyword + "\"", location,
                    "without \"" + companion + "\" in the same schema object it has no effect");
        }
    }

    private void schemas(JsonArray array, String keyword, String here, String location, int depth) {
        if (array.isEmpty()) {
            throw invalid(keyword + " must not be empty", location);
        }
        for (int i = 0; i < array.size(); i++) {
            schema(array.get(i), here + "/" + i, depth + 2);
        }
    }

    private void types(JsonValue value, String location) {
        List<JsonValue> names = value instanceof JsonArray several ? several : List.of(value);
        if (names.isEmpty()) {
            throw invalid("type must not be an empty array", location);
        }
        Set<String> seen = new HashSet<>();
        for (JsonValue name : names) {
            if (!(name instanceof JsonString s)) {
                throw invalid("type must be a string or an array of strings", location);
            }
            if (!TYPES.contains(s.getString())) {
                throw invalid("type " + s.getString() + " is not one of " + String.join(", ", List.of(
                        "null", "boolean", "object", "array", "number", "string", "integer")), location);
            }
            if (!seen.add(s.getString())) {
                throw invalid("type lists " + s.getString() + " twice", location);
            }
        }
    }

    private void names(JsonValue value, String keyword, String location) {
        Set<String> seen = new HashSet<>();
        for (JsonValue name : array(value, keyword, location)) {
            if (!(name instanceof JsonString s)) {
                throw invalid(keyword + " must list strings", location);
            }
            if (!seen.add(s.getString())) {
                throw invalid(keyword + " lists " + s.getString() + " twice", location);
            }
        }
    }

    /** const and enum values are compared and rendered recursively; keep them within the nesting limit. */
    private void shallow(JsonValue value, String keyword, String location, int depth) {
        if (Jsonp.deeperThan(value, Math.max(0, limits.maxSchemaDepth() - depth))) {
            throw invalid(keyword + " nests more than " + limits.maxSchemaDepth() + " levels deep", location);
        }
    }

    private void id(JsonObject s, String id, String location) {
        URI uri = uri(id, "$id", location);
        if (uri.getRawFragment() != null && !uri.getRawFragment().isEmpty()) {
            throw invalid("$id " + id + " must not have a fragment (use $anchor)", location);
        }
        if (s == root || sameDocument(uri)) {
            return;
        }
        throw invalid("unsupported JSON Schema keyword \"$id\"", location,
                "an embedded schema resource (" + id + ") would change the base URI, which is not supported");
    }

    private void anchor(JsonObject s, String keyword, String name, String location) {
        if (!ANCHOR.matcher(name).matches()) {
            throw invalid(keyword + " " + name + " is not a valid anchor name", location);
        }
        JsonValue previous = anchors.putIfAbsent(name, s);
        if (previous != null && previous != s) {
            throw invalid(keyword + " " + name + " is defined twice (also at " + where(locations.get((JsonObject) previous)) + ")",
                    location);
        }
    }

    // --- references --------------------------------------------------------------------------

    /**
     * Resolves a reference within the one schema resource this document may be: a fragment-only
     * reference, or one whose document part is the root's {@code $id}. A JSON pointer target that
     * was not walked yet (it sits in an unknown keyword) is walked now.
     */
    private void resolve(PendingRef pending) {
        String ref = pending.ref();
        if (targets.containsKey(ref)) {
            return;
        }
        URI uri = uri(ref, pending.keyword(), pending.location());
        if (!sameDocument(uri)) {
            throw invalid("only " + pending.keyword() + " within the same document is supported, not " + ref, pending.location());
        }
        String fragment = uri.getRawFragment();
        JsonValue target;
        if (fragment == null || fragment.isEmpty()) {
            target = root;
        } else if (fragment.startsWith("/")) {
            target = pointer(fragment, pending);
        } else {
            target = anchors.get(decode(fragment, pending));
            if (target == null) {
                throw invalid(pending.keyword() + " " + ref + " does not resolve", pending.location());
            }
        }
        targets.put(ref, target);
    }

    private JsonValue pointer(String fragment, PendingRef pending) {
        JsonValue target = root;
        StringBuilder location = new StringBuilder();
        int depth = 0;
        List<String> tokens = new ArrayList<>();
        for (String raw : fragment.substring(1).split("/", -1)) {
            String token = decode(raw, pending);
            if (INVALID_ESCAPE.matcher(token).find()) {
                throw invalid(pending.keyword() + " " + pending.ref() + " is not a valid JSON pointer", pending.location());
            }
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        for (String key : tokens) {
            if (target instanceof JsonObject object && object.containsKey(key)) {
                target = object.get(key);
            } else if (target instanceof JsonArray array && ARRAY_INDEX.matcher(key).matches() && Integer.parseInt(key) < array.size()) {
                target = array.get(Integer.parseInt(key));
            } else {
                throw invalid(pending.keyword() + " " + pending.ref() + " does not resolve", pending.location());
            }
            location.append('/').append(escape(key));
            depth++;
        }
        schema(target, location.toString(), depth); // no-op when walked already
        return target;
    }

    private boolean sameDocument(URI uri) {
        if (uri.getScheme() == null && uri.getRawAuthority() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null) {
            return true; // "#...", or "" (the document itself)
        }
        return base != null && withoutFragment(base.resolve(uri)).equals(base);
    }

    private static URI withoutFragment(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return URI.create(hash < 0 ? text : text.substring(0, hash)).normalize();
    }

    private static URI uri(String value, String keyword, String location) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(keyword + " " + value + " is not a valid URI reference", location);
        }
    }

    /** Percent-decoding (UTF-8) of a URI fragment part; '+' stays '+'. */
    private static String decode(String raw, PendingRef pending) {
        return PercentDecoding.decoded(raw).orElseThrow(() ->
                invalid(pending.keyword() + " " + pending.ref() + " is not a valid URI reference", pending.location()));
    }

    // --- endless recursion -------------------------------------------------------------------

    /**
     * Refuses a cycle of subschemas that apply to the same value ({@code $ref}, {@code $dynamicRef},
     * {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}, {@code if}, {@code then},
     * {@code else}, {@code dependentSchemas}): evaluating it would never descend into the instance.
     */
    void refuseEndlessRecursion() {
        Map<JsonObject, Boolean> finished = new IdentityHashMap<>(); // false while on the path, true when done
        for (JsonObject start : order) {
            if (finished.containsKey(start)) {
                continue;
            }
            Deque<JsonObject> path = new ArrayDeque<>();
            Deque<Iterator<InPlace>> edges = new ArrayDeque<>();
            path.push(start);
            edges.push(inPlace(start).iterator());
            finished.put(start, false);
            while (!path.isEmpty()) {
                if (!edges.peek().hasNext()) {
                    finished.put(path.pop(), true);
                    edges.pop();
                    continue;
                }
                InPlace edge = edges.peek().next();
                if (!(edge.target() instanceof JsonObject next)) {
                    continue;
                }
                Boolean state = finished.get(next);
                if (state == null) {
                    finished.put(next, false);
                    path.push(next);
                    edges.push(inPlace(next).iterator());
                } else if (!state) {
                    throw invalid(edge.keyword() + " at " + where(locations.get(path.peek())) + " leads back to "
                            + where(locations.get(next)) + " without descending into the instance, so evaluating it would never end", "");
                }
            }
        }
    }

    private record InPlace(String keyword, JsonValue target) {
    }

    private List<InPlace> inPlace(JsonObject s) {
        List<InPlace> edges = new ArrayList<>();
        for (String keyword : List.of("$ref", "$dynamicRef")) {
            if (s.get(keyword) instanceof JsonString ref) {
                edges.add(new InPlace(keyword, targets.get(ref.getString())));
            }
        }
        for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
            if (s.get(keyword) instanceof JsonArray array) {
                array.forEach(sub -> edges.add(new InPlace(keyword, sub)));
            }
        }
        for (String keyword : List.of("not", "if", "then", "else")) {
            if (s.containsKey(keyword)) {
                edges.add(new InPlace(keyword, s.get(keyword)));
            }
        }
        if (s.get("dependentSchemas") instanceof JsonObject dependent) {
            dependent.values().forEach(sub -> edges.add(new InPlace("dependentSchemas", sub)));
        }
        return edges;
    }

    // --- values ------------------------------------------------------------------------------

    private static Pattern compile(String regex, String keyword, String location) {
        Pattern compiled = PATTERNS.get(regex);
        if (compiled == null) {
            try {
                compiled = Pattern.compile(EcmaRegex.toJava(regex));
            } catch (PatternSyntaxException e) {
                throw invalid(keyword + " " + regex + " is not a valid regular expression", location);
            }
            if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, compiled);
        }
        return compiled;
    }

    private static String string(JsonValue value, String keyword, String location) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw invalid(keyword + " must be a string", location);
    }

    private static JsonNumber number(JsonValue value, String keyword, String location) {
        if (value instanceof JsonNumber n) {
            return n;
        }
        throw invalid(keyword + " must be a number", location);
    }

    private static void count(JsonValue value, String keyword, String location) {
        BigDecimal n = number(value, keyword, location).bigDecimalValue();
        if (n.signum() < 0 || !Numbers.isIntegral(n)) {
            throw invalid(keyword + " must be a non-negative integer", location);
        }
    }

    private static JsonArray array(JsonValue value, String keyword, String location) {
        if (value instanceof JsonArray a) {
            return a;
        }
        throw invalid(keyword + " must be an array", location);
    }

    private static JsonObject object(JsonValue value, String keyword, String location) {
        if (value instanceof JsonObject o) {
            return o;
        }
        throw invalid(keyword + " must be an object", location);
    }

    /** A JSON pointer token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }

    private static String where(String location) {
        return location.isEmpty() ? "the root" : location;
    }

    static IllegalArgumentException invalid(String detail, String location) {
        return invalid(detail, location, null);
    }

    static IllegalArgumentException invalid(String detail, String location, String why) {
        return new IllegalArgumentException("Invalid schema: " + detail + (location.isEmpty() ? "" : " at " + location)
                + (why == null ? "" : "; " + why));
    }
}
