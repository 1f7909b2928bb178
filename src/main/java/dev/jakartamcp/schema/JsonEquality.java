package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON Schema equality, where {@code 1} equals {@code 1.0} and member order does not matter. The
 * callers bound the nesting depth first, so plain recursion is safe here.
 */
final class JsonEquality {

    /** A prime that 10 does not divide, so 10 has an inverse modulo it. */
    private static final long PRIME = 2_147_483_647L;
    private static final long TEN_INVERSE = BigInteger.TEN.modInverse(BigInteger.valueOf(PRIME)).longValue();

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

    /**
     * A hash consistent with {@link #equal}, for finding duplicates in linear time. It tells distinct values apart
     * (numbers by their exact value, members and items mixed), so that ordinary data rarely has two distinct items with
     * one hash; {@code uniqueItems} pays for every comparison a shared hash costs.
     */
    static int hash(JsonValue value) {
        if (value instanceof JsonNumber n) {
            return numberHash(n.bigDecimalValue());
        }
        if (value instanceof JsonArray array) {
            int h = 1;
            for (JsonValue item : array) {
                h = 31 * h + mix(hash(item));
            }
            return h;
        }
        if (value instanceof JsonObject object) {
            int h = 7;
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                h += mix(31 * member.getKey().hashCode() + hash(member.getValue())); // a sum: member order does not count
            }
            return h;
        }
        return value.hashCode();
    }

    /**
     * What comparing {@code value} with another may cost: the values it holds, its member names, and a string once per
     * 64 characters. Linear in the value.
     */
    static long weight(JsonValue value) {
        if (value instanceof JsonArray array) {
            long weight = 1;
            for (JsonValue item : array) {
                weight += weight(item);
            }
            return weight;
        }
        if (value instanceof JsonObject object) {
            long weight = 1;
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                weight += 1 + member.getKey().length() / 64 + weight(member.getValue());
            }
            return weight;
        }
        if (value instanceof JsonString string) {
            return 1 + string.getString().length() / 64;
        }
        return 1;
    }

    /**
     * The number's value modulo {@link #PRIME}: its unscaled value times 10 to the power of minus its scale, so that
     * 1, 1.0 and 10E-1 hash alike while 9007199254740993 and 9007199254740992 (one double) do not. Linear in the
     * digits; an exponent costs its bits, never its expansion (1e999999999 is cheap).
     */
    private static int numberHash(BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        long h = unscaled.bitLength() < 63 ? Math.floorMod(unscaled.longValue(), PRIME)
                : unscaled.mod(BigInteger.valueOf(PRIME)).longValue();
        long scale = d.scale();
        // 10^(PRIME-1) is 1 modulo PRIME (Fermat), so the exponent counts modulo PRIME - 1
        long exponent = Math.abs(scale) % (PRIME - 1);
        long base = scale > 0 ? TEN_INVERSE : 10;
        for (; exponent > 0; exponent >>= 1) {
            if ((exponent & 1) == 1) {
                h = h * base % PRIME;
            }
            base = base * base % PRIME;
        }
        return (int) h;
    }

    /** Spreads the bits of a hash (MurmurHash3's finalizer), so that sums and products of small hashes rarely meet. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
