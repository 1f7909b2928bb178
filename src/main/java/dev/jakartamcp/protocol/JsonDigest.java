package dev.jakartamcp.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * SHA-256 of a JSON value in a canonical structural encoding, in one pass over the parsed value, so the work is linear
 * in its size whatever its nesting: for an object {@code 'o'}, the member count and then per member in key order its
 * key and value; for an array {@code 'a'}, the element count and the elements; a string {@code 's'} and its text;
 * a number {@code 'n'} and {@code BigDecimal.stripTrailingZeros().toString()} of its value (equal numbers encode alike:
 * {@code 1}, {@code 1.0} and {@code 1e0} are {@code 1}, {@code 1000} and {@code 1e3} are {@code 1E+3}); {@code 't'}, {@code 'f'}, {@code 'z'} for true, false and null. Counts and text lengths are 4-byte
 * big-endian, text is UTF-8. A redacted member's value is {@code 'r'} alone, whatever it was. Two values with the same
 * members in another order digest the same; values nested deeper than {@link #MAX_DEPTH} are refused.
 */
public final class JsonDigest {
    /** Nesting followed at most; the request parser refuses deeper bodies before this is reached. */
    public static final int MAX_DEPTH = 128;

    private final MessageDigest sha = sha256();
    private final Predicate<String> redacted;

    private JsonDigest(Predicate<String> redacted) {
        this.redacted = redacted;
    }

    /** The digest of {@code value}; members whose key {@code redacted} accepts count by their key only. */
    public static byte[] of(JsonValue value, Predicate<String> redacted) {
        JsonDigest digest = new JsonDigest(redacted);
        digest.feed(value, 1);
        return digest.sha.digest();
    }

    /** The digest of the members of {@code object} other than {@code leftOut}, as if they were all it had. */
    static byte[] ofMembers(JsonObject object, Predicate<String> leftOut) {
        JsonDigest digest = new JsonDigest(key -> false);
        List<String> keys = new ArrayList<>(object.keySet());
        keys.removeIf(leftOut);
        keys.sort(null);
        digest.tag('o', keys.size());
        for (String k : keys) {
            digest.text(k);
            digest.feed(object.get(k), 1);
        }
        return digest.sha.digest();
    }

    private void feed(JsonValue value, int depth) {
        if (depth > MAX_DEPTH) {
            throw McpException.badParams("Invalid params: nested more than " + MAX_DEPTH + " levels deep");
        }
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject o = (JsonObject) value;
                List<String> keys = new ArrayList<>(o.keySet());
                keys.sort(null);
                tag('o', keys.size());
                for (String k : keys) {
                    text(k);
                    if (redacted.test(k)) {
                        sha.update((byte) 'r');
                    } else {
                        feed(o.get(k), depth + 1);
                    }
                }
            }
            case ARRAY -> {
                JsonArray a = (JsonArray) value;
                tag('a', a.size());
                for (JsonValue v : a) {
                    feed(v, depth + 1);
                }
            }
            case STRING -> {
                sha.update((byte) 's');
                text(((JsonString) value).getString());
            }
            case NUMBER -> {
                sha.update((byte) 'n');
                text(canonical(((JsonNumber) value).bigDecimalValue()));
            }
            case TRUE -> sha.update((byte) 't');
            case FALSE -> sha.update((byte) 'f');
            case NULL -> sha.update((byte) 'z');
        }
    }

    /**
     * {@code value.stripTrailingZeros().toString()}, in time linear in its digits: the JDK strips one zero per division
     * of the whole number by ten, so a number of a thousand digits ending in zeros cost about 0.4 ms, and a request
     * full of them seconds of CPU. Where the stripped scale leaves the range of an int ({@code 100e2147483647}: 1 with
     * scale -2147483649), where {@code stripTrailingZeros} would throw, it is what {@code toString} writes for any
     * negative scale: scientific notation ({@code 1E+2147483649}), so every number a request can carry has a digest.
     */
    static String canonical(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.signum() == 0) {
            return "0";
        }
        String digits = unscaled.abs().toString();
        int zeros = 0;
        while (digits.charAt(digits.length() - 1 - zeros) == '0') {
            zeros++;
        }
        if (zeros == 0) {
            return value.toString();
        }
        String coefficient = digits.substring(0, digits.length() - zeros);
        long scale = (long) value.scale() - zeros;
        if (scale < Integer.MIN_VALUE) {
            // beyond BigDecimal: its notation for a negative scale, the exponent adjusted to one digit before the point
            StringBuilder out = new StringBuilder(coefficient.length() + 16);
            if (unscaled.signum() < 0) {
                out.append('-');
            }
            out.append(coefficient.charAt(0));
            if (coefficient.length() > 1) {
                out.append('.').append(coefficient, 1, coefficient.length());
            }
            return out.append("E+").append(-scale + coefficient.length() - 1).toString();
        }
        BigInteger stripped = new BigInteger(coefficient);
        return new BigDecimal(unscaled.signum() < 0 ? stripped.negate() : stripped, (int) scale).toString();
    }

    private void tag(char tag, int size) {
        sha.update((byte) tag);
        sha.update(ByteBuffer.allocate(4).putInt(size).array());
    }

    private void text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
