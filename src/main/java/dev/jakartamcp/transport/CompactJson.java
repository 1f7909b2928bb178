package dev.jakartamcp.transport;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

import java.io.StringWriter;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Immutable JSON objects and arrays held in one exact-size array each, for the trees {@link StrictJson} builds: a
 * JSON-P builder's object costs a {@code LinkedHashMap} (over 200 bytes for one member), which lets a small body of
 * many tiny objects take thirty times its size in memory. They behave like the provider's own values: {@code equals}
 * and {@code hashCode} follow {@link Map} and {@link List}, members keep their order, {@code toString} is the JSON
 * text, and the typed getters throw what the JSON-P API documents ({@link NullPointerException} for a missing member
 * where a value is required, {@link ClassCastException} for one of another type).
 */
final class CompactJson {
    private CompactJson() {
    }

    static String text(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = StrictJson.PROVIDER.createGenerator(out)) {
            generator.write(value);
        }
        return out.toString();
    }

    /** A JSON object; {@code members} alternates keys and values, keys unique. */
    static final class CompactObject extends AbstractMap<String, JsonValue> implements JsonObject {
        /** Objects up to this many members are searched linearly; larger ones through a sorted index. */
        private static final int LINEAR = 8;
        private final Object[] members;
        private final int[] sorted;

        CompactObject(Object[] members) {
            this.members = members;
            int n = members.length / 2;
            if (n > LINEAR) {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> key(a).compareTo(key(b)));
                sorted = new int[n];
                for (int i = 0; i < n; i++) {
                    sorted[i] = order[i];
                }
            } else {
                sorted = null;
            }
        }

        private String key(int i) {
            return (String) members[2 * i];
        }

        private JsonValue value(int i) {
            return (JsonValue) members[2 * i + 1];
        }

        private int indexOf(Object name) {
            if (!(name instanceof String key)) {
                return -1;
            }
            if (sorted == null) {
                for (int i = 0; i < members.length / 2; i++) {
                    if (key(i).equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            int low = 0;
            int high = sorted.length - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = key(sorted[mid]).compareTo(key);
                if (c < 0) {
                    low = mid + 1;
                } else if (c > 0) {
                    high = mid - 1;
                } else {
                    return sorted[mid];
                }
            }
            return -1;
        }

        @Override
        public JsonValue get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : value(i);
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return members.length / 2;
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonValue>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size();
                        }

                        @Override
                        public Entry<String, JsonValue> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(key(i), value(i));
                        }
                    };
                }

                @Override
                public int size() {
                    return CompactObject.this.size();
                }
            };
        }

        @Override
        public JsonArray getJsonArray(String name) {
            return (JsonArray) get(name);
        }

        @Override
        public JsonObject getJsonObject(String name) {
            return (JsonObject) get(name);
        }

        @Override
        public JsonNumber getJsonNumber(String name) {
            return (JsonNumber) get(name);
        }

        @Override
        public JsonString getJsonString(String name) {
            return (JsonString) get(name);
        }

        @Override
        public String getString(String name) {
            return getJsonString(name).getString();
        }

        @Override
        public String getString(String name, String defaultValue) {
            return get(name) instanceof JsonString s ? s.getString() : defaultValue;
        }

        @Override
        public int getInt(String name) {
            return getJsonNumber(name).intValue();
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return get(name) instanceof JsonNumber n ? n.intValue() : defaultValue;
        }

        @Override
        public boolean getBoolean(String name) {
            JsonValue value = get(name);
            if (value == null) {
                throw new NullPointerException("no member " + name);
            }
            return booleanOf(value);
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            JsonValue value = get(name);
            return value == JsonValue.TRUE || value != JsonValue.FALSE && defaultValue;
        }

        @Override
        public boolean isNull(String name) {
            JsonValue value = get(name);
            if (value == null) {
                throw new NullPointerException("no member " + name);
            }
            return value.getValueType() == ValueType.NULL;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.OBJECT;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /** A JSON array. */
    static final class CompactArray extends AbstractList<JsonValue> implements JsonArray {
        private final JsonValue[] values;

        CompactArray(JsonValue[] values) {
            this.values = values;
        }

        @Override
        public JsonValue get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public JsonObject getJsonObject(int index) {
            return (JsonObject) values[index];
        }

        @Override
        public JsonArray getJsonArray(int index) {
            return (JsonArray) values[index];
        }

        @Override
        public JsonNumber getJsonNumber(int index) {
            return (JsonNumber) values[index];
        }

        @Override
        public JsonString getJsonString(int index) {
            return (JsonString) values[index];
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
            return (List<T>) this;
        }

        @Override
        public String getString(int index) {
            return getJsonString(index).getString();
        }

        @Override
        public String getString(int index, String defaultValue) {
            return index >= 0 && index < values.length && values[index] instanceof JsonString s ? s.getString() : defaultValue;
        }

        @Override
        public int getInt(int index) {
            return getJsonNumber(index).intValue();
        }

        @Override
        public int getInt(int index, int defaultValue) {
            return index >= 0 && index < values.length && values[index] instanceof JsonNumber n ? n.intValue() : defaultValue;
        }

        @Override
        public boolean getBoolean(int index) {
            return booleanOf(values[index]);
        }

        @Override
        public boolean getBoolean(int index, boolean defaultValue) {
            if (index < 0 || index >= values.length) {
                return defaultValue;
            }
            JsonValue value = values[index];
            return value == JsonValue.TRUE || value != JsonValue.FALSE && defaultValue;
        }

        @Override
        public boolean isNull(int index) {
            return values[index].getValueType() == ValueType.NULL;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    private static boolean booleanOf(JsonValue value) {
        return switch (value.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw new ClassCastException("not a JSON boolean: " + value.getValueType());
        };
    }
}
