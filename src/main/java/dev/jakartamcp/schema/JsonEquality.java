package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON Schema equality, where {@code 1} equals {@code 1.0} and member order does not matter. The
 * callers bound the nesting depth first, so plain recursion is safe here.
 */
final class JsonEquality {

    private JsonEquality() {
    }

    static boolean equal(JsonValue a, JsonValue b) {
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return x.bigDecimalValue().compareTo(y.bigDecimalValue()) == 0;
        }
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        if (a instanceof JsonArray x && b instanceof JsonArray y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<String, JsonValue> member : x.entrySet()) {
                JsonValue other = y.get(member.getKey());
                if (other == null || !equal(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A hash consistent with {@link #equal}, for finding duplicates in linear time. */
    static int hash(JsonValue value) {
        if (value instanceof JsonNumber n) {
            BigDecimal d = n.bigDecimalValue();
            // 1 and 1.0 must collide; the double is exact enough for a hash and cheap even for 1e999999.
            return Double.hashCode(d.doubleValue() + 0.0);
        }
        if (value instanceof JsonArray array) {
            int h = 1;
            for (JsonValue item : array) {
                h = 31 * h + hash(item);
            }
            return h;
        }
        if (value instanceof JsonObject object) {
            int h = 7;
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                h += member.getKey().hashCode() ^ hash(member.getValue());
            }
            return h;
        }
        return value.hashCode();
    }
}
