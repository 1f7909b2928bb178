package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

/** JSON to Java for one argument; every failure becomes an {@link ArgumentBindingException}. */
final class ValueReader {

    private static final Set<Class<?>> NUMBERS = Set.of(Integer.class, Long.class, Short.class, Byte.class,
            Double.class, Float.class, BigDecimal.class, BigInteger.class, Number.class);

    /** How many items of a hashed set may share a hash code, unless they are of a type {@link #comparesLikeEquals} spares. */
    static final int MAX_ALIKE = 64;

    private final Jsonb jsonb;
    private final DataModels models;
    private final ConcurrentMap<Type, Boolean> prechecked;
    private final String argumentName;

    ValueReader(Jsonb jsonb, DataModels models, ConcurrentMap<Type, Boolean> prechecked,
                String argumentName) {
        this.jsonb = jsonb;
        this.models = models;
        this.prechecked = prechecked;
        this.argumentName = argumentName;
    }

    /** Whether values of {@code raw} are read from JSON numbers. */
    static boolean isNumber(Class<?> raw) {
        return (raw.isPrimitive() && raw != boolean.class && raw != char.class && raw != void.class) || NUMBERS.contains(raw);
    }

    /** {@code json} is null when the value is absent. */
    Object read(JsonValue json, Type type, InstancePath path, int depth) {
        if (depth > Jsonp.MAX_DEPTH) {
            throw fail(path, "must not nest more than " + Jsonp.MAX_DEPTH + " levels deep");
        }
        Class<?> raw = Types.raw(type);
        if (JsonValue.class.isAssignableFrom(raw)) {
            return passThrough(json, raw, path);
        }
        boolean missing = json == null || json.getValueType() == JsonValue.ValueType.NULL;
        if (raw == Optional.class) {
            return missing ? Optional.empty()
                    : Optional.ofNullable(read(json, Types.argumentsOf(type, Optional.class)[0], path, depth));
        } else if (raw == OptionalInt.class) {
            return missing ? OptionalInt.empty() : OptionalInt.of((Integer) read(json, int.class, path, depth));
        } else if (raw == OptionalLong.class) {
            return missing ? OptionalLong.empty() : OptionalLong.of((Long) read(json, long.class, path, depth));
        } else if (raw == OptionalDouble.class) {
            return missing ? OptionalDouble.empty() : OptionalDouble.of((Double) read(json, double.class, path, depth));
        }
        if (missing) {
            if (raw.isPrimitive()) {
                throw fail(path, json == null ? "is required" : "must not be null");
            }
            return null;
        }
        Object scalar = scalar(json, raw, path);
        if (scalar != null) {
            return scalar;
        }
        if (raw == Object.class) {
            return plain(json, path, depth);
        } else if (Types.arrayComponent(type) != null) {
            return array(json, Types.arrayComponent(type), path, depth);
        } else if (Collection.class.isAssignableFrom(raw)) {
            return collection(json, type, raw, path, depth);
        } else if (Map.class.isAssignableFrom(raw)) {
            return map(json, type, raw, path, depth);
        } else if (raw.isRecord()) {
            return record(json, type, path, depth);
        }
        return viaJsonb(json, type, path);
    }

    private Object passThrough(JsonValue json, Class<?> raw, InstancePath path) {
        if (json == null) {
            return null;
        }
        if (!raw.isInstance(json)) {
            throw fail(path, "must be " + switch (raw.getSimpleName()) {
                case "JsonObject" -> "an object";
                case "JsonArray" -> "an array";
                case "JsonString" -> "a string";
                case "JsonNumber" -> "a number";
                default -> "a JSON " + raw.getSimpleName().replace("Json", "").toLowerCase();
            });
        }
        return json;
    }

    private static boolean isOptionalNumber(Class<?> raw) {
        return raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class;
    }

    /** What an {@code Optional}, {@code OptionalInt}, ... holds. */
    static Type optionalContent(Type type) {
        Class<?> raw = Types.raw(type);
        if (raw == Optional.class) {
            return Types.argumentsOf(type, Optional.class)[0];
        }
        return raw == OptionalInt.class ? int.class : raw == OptionalLong.class ? long.class : raw == OptionalDouble.class ? double.class : type;
    }

    /** Whether {@link #scalar} reads values of {@code raw}: those a single JSON string, number or boolean holds. */
    static boolean isScalar(Class<?> raw) {
        return (raw.isPrimitive() && raw != void.class) || raw == String.class || raw == CharSequence.class
                || raw == Boolean.class || raw == Character.class || NUMBERS.contains(raw) || raw.isEnum()
                || Temporals.handles(raw) || raw == UUID.class || raw == URI.class || raw == URL.class;
    }

    /** Strings, numbers, booleans, enums and the string-encoded JDK types ({@link #isScalar}); null for anything else. */
    private Object scalar(JsonValue json, Class<?> raw, InstancePath path) {
        if (raw == String.class || raw == CharSequence.class) {
            return string(json, path, "must be a string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            return switch (json.getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw fail(path, "must be true or false");
            };
        } else if (raw == char.class || raw == Character.class) {
            String s = string(json, path, "must be a single character");
            if (s.length() != 1) {
                throw fail(path, s.codePointCount(0, s.length()) == 1
                        ? "must be a single character of at most one UTF-16 unit, which this one (beyond U+FFFF, as most emoji) is not"
                        : "must be a single character");
            }
            return s.charAt(0);
        } else if (raw.isPrimitive() || NUMBERS.contains(raw)) {
            return number(json, raw, path);
        } else if (raw.isEnum()) {
            return enumConstant(json, raw, path);
        } else if (Temporals.handles(raw)) {
            String s = string(json, path, "must be " + Temporals.expected(raw));
            try {
                return Temporals.parse(raw, s);
            } catch (DateTimeException | ArithmeticException e) { // Period.parse("P999999999W") overflows unwrapped
                throw fail(path, "must be " + Temporals.expected(raw));
            }
        } else if (raw == UUID.class) {
            String s = string(json, path, "must be a UUID");
            if (!Formats.isValid("uuid", s)) {
                throw fail(path, "must be a UUID, e.g. 123e4567-e89b-12d3-a456-426614174000");
            }
            return UUID.fromString(s);
        } else if (raw == URI.class || raw == URL.class) {
            String s = string(json, path, "must be a URI");
            try {
                URI uri = new URI(s);
                return raw == URI.class ? uri : uri.toURL();
            } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
                throw fail(path, raw == URI.class ? "must be a URI" : "must be an absolute URL, e.g. https://example.com/");
            }
        }
        return null;
    }

    private Object number(JsonValue json, Class<?> raw, InstancePath path) {
        boolean integral = raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
                || raw == BigInteger.class;
        if (!(json instanceof JsonNumber number)) {
            throw fail(path, integral ? "must be an integer" : "must be a number");
        }
        BigDecimal value = number.bigDecimalValue();
        if (integral && !Numbers.isIntegral(value)) {
            throw fail(path, "must be an integer");
        }
        if (raw == int.class || raw == Integer.class) {
            return (int) inRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
        } else if (raw == long.class || raw == Long.class) {
            return inRange(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
        } else if (raw == short.class || raw == Short.class) {
            return (short) inRange(value, Short.MIN_VALUE, Short.MAX_VALUE, path);
        } else if (raw == byte.class || raw == Byte.class) {
            return (byte) inRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE, path);
        } else if (raw == BigInteger.class) {
            return value.toBigIntegerExact();
        } else if (raw == double.class || raw == Double.class) {
            double d = value.doubleValue();
            // a value too close to 0 would become 0 (or -0), past a @Positive or @Negative its schema checked
            if (Double.isInfinite(d) || d == 0 && value.signum() != 0) {
                throw fail(path, "is out of range for a double-precision number");
            }
            return d;
        } else if (raw == float.class || raw == Float.class) {
            float f = value.floatValue();
            if (Float.isInfinite(f) || f == 0 && value.signum() != 0) {
                throw fail(path, "is out of range for a single-precision number");
            }
            return f;
        } else if (raw == BigDecimal.class || raw == Number.class) {
            return value;
        }
        throw new IllegalArgumentException("Unsupported number type " + raw.getName());
    }

    private long inRange(BigDecimal value, long min, long max, InstancePath path) {
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw fail(path, "must be between " + min + " and " + max);
        }
        return value.longValueExact();
    }

    private Object enumConstant(JsonValue json, Class<?> raw, InstancePath path) {
        List<String> names = new ArrayList<>();
        for (Object constant : raw.getEnumConstants()) {
            String name = DataProperties.jsonName((Enum<?>) constant);
            if (json instanceof JsonString s && s.getString().equals(name)) {
                return constant;
            }
            names.add(name);
        }
        throw fail(path, "must be one of " + String.join(", ", names));
    }

    private Object array(JsonValue json, Type component, InstancePath path, int depth) {
        JsonArray items = expectArray(json, path);
        Object array = Array.newInstance(Types.raw(component), items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = read(items.get(i), component, path.index(i), depth + 1);
            if (item == null && Types.raw(component).isPrimitive()) {
                throw fail(path.index(i), "must not be null");
            }
            Array.set(array, i, item);
        }
        return array;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object collection(JsonValue json, Type type, Class<?> raw, InstancePath path, int depth) {
        JsonArray items = expectArray(json, path);
        Type element = Types.argumentsOf(type, Collection.class)[0];
        Collection<Object> collection = emptyCollection(raw, element);
        // A HashSet compares an item with every other of its hash code, and a caller can send any number of distinct
        // records with one hash code (Point(x, y) hashes as 31 * x + y); see comparesLikeEquals for the exceptions
        Map<Integer, Integer> alike = collection instanceof HashSet && !comparesLikeEquals(Types.raw(element))
                ? new HashMap<>() : null;
        for (int i = 0; i < items.size(); i++) {
            Object item = read(items.get(i), element, path.index(i), depth + 1);
            if (alike != null && item != null && alike.merge(item.hashCode(), 1, Integer::sum) > MAX_ALIKE) {
                throw fail(path, "has more than " + MAX_ALIKE + " items with one hash code, more than a set holds efficiently");
            }
            try {
                collection.add(item);
            } catch (NullPointerException | ClassCastException e) {
                // An ArrayDeque, a sorted collection or an EnumSet holds no null, and a sorted one throws when its
                // items' compareTo cannot order them
                throw fail(path.index(i), item == null ? "must not be null" : "cannot be ordered with the items before it", e);
            }
        }
        return collection;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object map(JsonValue json, Type type, Class<?> raw, InstancePath path, int depth) {
        if (!(json instanceof JsonObject object)) {
            throw fail(path, "must be an object");
        }
        Type[] keyAndValue = Types.argumentsOf(type, Map.class);
        Class<?> keyType = Types.raw(keyAndValue[0]);
        Map<Object, Object> map = emptyMap(raw, keyType);
        for (Map.Entry<String, JsonValue> member : object.entrySet()) {
            InstancePath child = path.property(member.getKey());
            Object key = member.getKey();
            if (keyType.isEnum()) {
                key = enumConstant(Jsonp.PROVIDER.createValue(member.getKey()), keyType, child);
            } else if (keyType != String.class && keyType != Object.class && keyType != CharSequence.class) {
                throw new IllegalArgumentException("Map keys must be String or an enum: " + type.getTypeName());
            }
            map.put(key, read(member.getValue(), keyAndValue[1], child, depth + 1));
        }
        return map;
    }

    private Object record(JsonValue json, Type type, InstancePath path, int depth) {
        if (!(json instanceof JsonObject object)) {
            throw fail(path, "must be an object");
        }
        RecordModel model = models.record(type);
        Object[] values = new Object[model.properties.size()];
        for (int i = 0; i < values.length; i++) {
            DataProperty property = model.properties.get(i);
            values[i] = read(object.get(property.jsonName()), property.type(), path.property(property.jsonName()), depth + 1);
        }
        try {
            return model.create(values);
        } catch (InvocationTargetException e) {
            // A compact constructor that rejects its input speaks to the caller; anything else is internal.
            if (e.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                throw fail(path, invalid.getMessage(), invalid);
            }
            throw fail(path, "is not a valid " + Types.raw(type).getSimpleName(), e.getCause());
        }
    }

    /** JSON as plain Java values, the way JSON-B reads into {@code Object}. */
    private Object plain(JsonValue json, InstancePath path, int depth) {
        if (depth > Jsonp.MAX_DEPTH) {
            throw fail(path, "must not nest more than " + Jsonp.MAX_DEPTH + " levels deep");
        }
        switch (json.getValueType()) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case STRING:
                return ((JsonString) json).getString();
            case NUMBER:
                return ((JsonNumber) json).bigDecimalValue();
            case ARRAY:
                List<Object> list = new ArrayList<>();
                JsonArray array = (JsonArray) json;
                for (int i = 0; i < array.size(); i++) {
                    list.add(plain(array.get(i), path.index(i), depth + 1));
                }
                return list;
            default:
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) json).forEach((k, v) -> map.put(k, plain(v, path.property(k), depth + 1)));
                return map;
        }
    }

    private Object viaJsonb(JsonValue json, Type type, InstancePath path) {
        if (Jsonp.deeperThan(json, Jsonp.MAX_DEPTH)) {
            throw fail(path, "must not nest more than " + Jsonp.MAX_DEPTH + " levels deep");
        }
        JsonValue checked = prechecked.computeIfAbsent(type, t -> needsPrecheck(t, new HashSet<>())) ? precheck(json, type, path, 0) : json;
        try {
            return jsonb.fromJson(checked.toString(), type);
        } catch (RuntimeException e) {
            // JSON-B messages name Java classes and internals; keep them for the log only.
            throw fail(path, "is not a valid " + Types.raw(type).getSimpleName(), e);
        }
    }

    /**
     * What JSON-B would take without the checks the binder makes, read here first, before JSON-B runs, anywhere in the
     * bean: a number of a bounded type ({@code long}, {@code int}, ...), which JSON-B wraps when it is beyond the
     * range, is checked as {@link #number} checks it; a java.time value as {@link #scalar} reads it (JSON-B, built with
     * {@link ArgumentBinder#jsonbConfig()}, then reads it the same way); a set of items {@link #comparesLikeEquals} does not spare, which JSON-B fills into a
     * {@code HashSet} too, is read item by item and refused with more than {@link #MAX_ALIKE} items of one hash code,
     * before JSON-B spends quadratic time on it.
     */
    private JsonValue precheck(JsonValue json, Type type, InstancePath path, int depth) {
        if (json == null || depth > Jsonp.MAX_DEPTH) {
            return json;
        }
        Class<?> raw = Types.raw(type);
        Type component = Types.arrayComponent(type);
        if (json.getValueType() == JsonValue.ValueType.NULL) {
            return json;
        } else if (raw == Optional.class || isOptionalNumber(raw)) {
            return precheck(json, optionalContent(type), path, depth);
        } else if (isNumber(raw)) {
            Object value = number(json, raw, path); // JSON-B would take a string too ("12"), as a record does not
            // a whole number written as 3.0 or 1e2 is an integer (JSON Schema), which JSON-B refuses for a short, a
            // byte or a BigInteger: handed on in its plain form
            return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof BigInteger ? plainInteger((JsonNumber) json) : json;
        } else if (Temporals.handles(raw)) {
            scalar(json, raw, path); // refused here naming the path, where JSON-B's failure names only the class
            return json;
        } else if (json instanceof JsonArray items && (component != null || Collection.class.isAssignableFrom(raw))) {
            Type element = component != null ? component : Types.argumentsOf(type, Collection.class)[0];
            boolean hashed = component == null && isHashedSet(raw, element);
            Map<Integer, Integer> alike = new HashMap<>();
            List<JsonValue> checked = null;
            for (int i = 0; i < items.size(); i++) {
                JsonValue item = items.get(i);
                if (hashed) {
                    Object value = read(item, element, path.index(i), depth + 1);
                    if (value != null && alike.merge(value.hashCode(), 1, Integer::sum) > MAX_ALIKE) {
                        throw fail(path, "has more than " + MAX_ALIKE + " items with one hash code, more than a set holds efficiently");
                    }
                    continue;
                }
                JsonValue same = precheck(item, element, path.index(i), depth + 1);
                if (same != item && checked == null) {
                    checked = new ArrayList<>(items.subList(0, i));
                }
                if (checked != null) {
                    checked.add(same);
                }
            }
            return checked == null ? json : Jsonp.PROVIDER.createArrayBuilder(checked).build();
        } else if (json instanceof JsonObject object && Map.class.isAssignableFrom(raw)) {
            Type value = Types.argumentsOf(type, Map.class)[1];
            Map<String, JsonValue> checked = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                JsonValue same = precheck(member.getValue(), value, path.property(member.getKey()), depth + 1);
                changed |= same != member.getValue();
                checked.put(member.getKey(), same);
            }
            return changed ? Jsonp.PROVIDER.createObjectBuilder(checked).build() : json;
        } else if (json instanceof JsonObject object && TypeSchemas.isDataClass(type)) {
            Map<String, JsonValue> changed = new LinkedHashMap<>();
            for (DataProperty property : models.properties(type)) {
                JsonValue member = object.get(property.jsonName());
                JsonValue same = precheck(member, property.type(), path.property(property.jsonName()), depth + 1);
                if (same != member) {
                    changed.put(property.jsonName(), same);
                }
            }
            if (changed.isEmpty()) {
                return json;
            }
            Map<String, JsonValue> members = new LinkedHashMap<>(object);
            members.putAll(changed);
            return Jsonp.PROVIDER.createObjectBuilder(members).build();
        }
        return json;
    }

    /** {@code number}, known to be whole, as JSON-B reads an integer: without a fraction or an exponent. */
    private static JsonValue plainInteger(JsonNumber number) {
        return number.isIntegral() ? number : Jsonp.PROVIDER.createValue(number.bigDecimalValue().toBigIntegerExact());
    }

    /** Whether JSON-B fills {@code raw} into a HashSet of items that {@link #comparesLikeEquals} does not spare. */
    private static boolean isHashedSet(Class<?> raw, Type element) {
        Class<?> item = Types.raw(element);
        return Set.class.isAssignableFrom(raw) && !SortedSet.class.isAssignableFrom(raw) && !EnumSet.class.isAssignableFrom(raw)
                && item != Object.class && !comparesLikeEquals(item);
    }

    /**
     * Whether a HashSet keeps many {@code item}s of one hash code in a tree it searches in logarithmic time: only when
     * compareTo tells apart every two items that equals tells apart, as for the JDK's strings, numbers and dates the
     * binder reads itself. A record's or an author class's compareTo may be coarser (a Tag ordered by its priority
     * alone), and the set then compares an item with every other of its hash code; so may BigDecimal's (1.0, 1.00).
     */
    private static boolean comparesLikeEquals(Class<?> item) {
        return Comparable.class.isAssignableFrom(item) && isScalar(item) && item != BigDecimal.class;
    }

    /** Whether a value of {@code type} can hold a number, a java.time value or a set {@link #precheck} looks at. */
    private static boolean needsPrecheck(Type type, Set<Type> seen) {
        Class<?> raw = Types.raw(type);
        Type component = Types.arrayComponent(type);
        if (!seen.add(type)) {
            return false;
        } else if (isNumber(raw) || isOptionalNumber(raw) || Temporals.handles(raw)) {
            return true;
        } else if (raw == Optional.class) {
            return needsPrecheck(Types.argumentsOf(type, Optional.class)[0], seen);
        } else if (component != null) {
            return needsPrecheck(component, seen);
        } else if (Collection.class.isAssignableFrom(raw)) {
            Type element = Types.argumentsOf(type, Collection.class)[0];
            return isHashedSet(raw, element) || needsPrecheck(element, seen);
        } else if (Map.class.isAssignableFrom(raw)) {
            return needsPrecheck(Types.argumentsOf(type, Map.class)[1], seen);
        } else if (TypeSchemas.isDataClass(type)) {
            return DataProperties.of(type).stream().anyMatch(p -> needsPrecheck(p.type(), seen));
        }
        return false;
    }

    /**
     * The empty collection a JSON array of {@code element}s is read into; an {@link IllegalArgumentException} when the
     * binder has none for {@code raw} (an interface other than those below, an abstract class, a class without a
     * public constructor without parameters). {@link BindingCheck} calls it at deployment, so that no call finds out.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Collection<Object> emptyCollection(Class<?> raw, Type element) {
        if (raw.isAssignableFrom(ArrayList.class)) {
            return new ArrayList<>();
        } else if (raw.isAssignableFrom(LinkedList.class)) {
            return new LinkedList<>(); // Queue, Deque: unlike ArrayDeque, it takes the null of an Object item
        } else if (raw.isAssignableFrom(LinkedHashSet.class)) {
            return new LinkedHashSet<>();
        } else if (raw.isAssignableFrom(TreeSet.class) || raw == SortedSet.class) {
            return new TreeSet<>();
        } else if (raw == EnumSet.class && Types.raw(element).isEnum()) {
            return (Collection) EnumSet.noneOf((Class) Types.raw(element));
        }
        return (Collection<Object>) instantiate(raw);
    }

    /** The empty map a JSON object is read into, as {@link #emptyCollection}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<Object, Object> emptyMap(Class<?> raw, Class<?> keyType) {
        if (raw.isAssignableFrom(LinkedHashMap.class)) {
            return new LinkedHashMap<>();
        } else if (raw.isAssignableFrom(TreeMap.class) || raw == SortedMap.class) {
            return new TreeMap<>();
        } else if (raw == EnumMap.class && keyType.isEnum()) {
            return new EnumMap(keyType);
        }
        return (Map<Object, Object>) instantiate(raw);
    }

    private static Object instantiate(Class<?> raw) {
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new IllegalArgumentException("the binder has no implementation of " + raw.getSimpleName()
                    + " to fill; declare " + (Map.class.isAssignableFrom(raw) ? "Map, SortedMap" : "List, Set, SortedSet, Queue")
                    + " or a class with a public constructor without parameters");
        }
        try {
            return raw.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("the binder cannot create a " + raw.getSimpleName()
                    + ": it needs a public constructor without parameters", e);
        }
    }

    private String string(JsonValue json, InstancePath path, String problem) {
        if (json instanceof JsonString s) {
            return s.getString();
        }
        throw fail(path, problem);
    }

    private JsonArray expectArray(JsonValue json, InstancePath path) {
        if (json instanceof JsonArray array) {
            return array;
        }
        throw fail(path, "must be an array");
    }

    private ArgumentBindingException fail(InstancePath path, String problem) {
        return fail(path, problem, null);
    }

    private ArgumentBindingException fail(InstancePath path, String problem, Throwable cause) {
        String where = path.toString();
        return new ArgumentBindingException(argumentName, where.isEmpty() ? problem : where + " " + problem, cause);
    }
}
