package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The bound on the JSON numbers that reach author code: at most {@value #MAX_DIGITS} significant digits, and written
 * out in plain digits at most {@value #MAX_DIGITS} before the point and {@value #MAX_DIGITS} after it (exponent
 * included). {@code 1e500000000} is 11 bytes of JSON, but whatever writes out its digits — {@code toPlainString()},
 * {@code toBigInteger()}, {@code add} or {@code setScale} in a tool, a JSON-B deserializer making a {@code BigInteger}
 * — writes 500 million of them (minutes of CPU, hundreds of MB).
 *
 * <p>The server checks each value a client sends for author code once, where it comes in: the arguments of
 * {@code tools/call} and {@code prompts/get} ({@code Operation.arguments}), the results of the client's answers to
 * the server's questions ({@code Exchange.ask}: elicitation, sampling, roots), the client capabilities of a
 * 2026-07-28 request ({@code ModernExchanges}) and of a 2025 {@code initialize} ({@code LegacyExchanges}), and URI
 * template variables read as numbers
 * ({@link ArgumentBinder#bindText}). So parameters of every type (records, JSON-B classes, {@code JsonValue}s,
 * {@code Object}) and {@code ToolArguments} only ever hold numbers within the bound, and {@link ArgumentBinder#bind}
 * does not check again.
 *
 * <p>The check is linear in the size of the value and never writes out a number's digits: it reads
 * {@link BigDecimal#precision()} and {@link BigDecimal#scale()} of {@link JsonNumber#bigDecimalValue()}. JSON-P gives
 * no cheaper way to a number's length (Parsson's {@code toString()} writes the number anew); Parsson makes a small
 * number's {@code BigDecimal} once and keeps it, so the binder later reads the same one.
 */
public final class JsonNumbers {

    /** Significant digits, and plain digits before and after the point, of a number author code may get. */
    public static final int MAX_DIGITS = 1000;

    /** What is wrong with a number beyond the bound, worded to follow its name or path. */
    static final String PROBLEM = "must have at most " + MAX_DIGITS + " significant digits, " + MAX_DIGITS
            + " before the point and " + MAX_DIGITS + " after it (exponent included)";

    /** Nesting walked by recursion; deeper values (only where an operator allows them) are walked with a stack. */
    private static final int RECURSION_DEPTH = 128;

    private JsonNumbers() {
    }

    /** Whether {@code value} is within the bound; reads only its precision and scale. */
    static boolean fits(BigDecimal value) {
        int precision = value.precision();
        int scale = value.scale();
        return precision <= MAX_DIGITS && scale <= MAX_DIGITS && (long) precision - scale <= MAX_DIGITS;
    }

    /**
     * What is wrong with the first number in {@code value} beyond the bound, worded as {@link ArgumentBinder}'s
     * messages, to follow the name of {@code value}: the path to the number and the problem
     * ({@code lines[1].price must have at most 1000 significant digits, …}), or only the problem when {@code value}
     * is that number. Null when every number fits; then nothing is allocated here but the iterators over objects and
     * arrays.
     */
    public static String problem(JsonValue value) {
        List<Object> reversed = find(value, 0);
        if (reversed == null) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (int i = reversed.size() - 1; i >= 0; i--) {
            InstancePath.append(path, reversed.get(i));
        }
        return path.length() == 0 ? PROBLEM : path.append(' ').append(PROBLEM).toString();
    }

    /** The path to the first number beyond the bound, innermost step first (an empty list for {@code value} itself); null when none. */
    private static List<Object> find(JsonValue value, int depth) {
        switch (value.getValueType()) {
            case NUMBER:
                return fits(((JsonNumber) value).bigDecimalValue()) ? null : new ArrayList<>();
            case ARRAY:
                if (depth == RECURSION_DEPTH) {
                    return findDeep(value);
                }
                int index = 0;
                for (JsonValue item : (JsonArray) value) {
                    List<Object> path = find(item, depth + 1);
                    if (path != null) {
                        path.add(index);
                        return path;
                    }
                    index++;
                }
                return null;
            case OBJECT:
                if (depth == RECURSION_DEPTH) {
                    return findDeep(value);
                }
                for (Map.Entry<String, JsonValue> member : ((JsonObject) value).entrySet()) {
                    List<Object> path = find(member.getValue(), depth + 1);
                    if (path != null) {
                        path.add(member.getKey());
                        return path;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** A step of the walk below {@link #RECURSION_DEPTH}: the value and how it was reached. */
    private record Step(JsonValue value, Object key, Step parent) {
    }

    /** {@link #find} for a value nested deeper than the stack should go. */
    private static List<Object> findDeep(JsonValue value) {
        Deque<Step> pending = new ArrayDeque<>();
        pending.push(new Step(value, null, null));
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            JsonValue current = step.value();
            if (current instanceof JsonNumber number && !fits(number.bigDecimalValue())) {
                List<Object> path = new ArrayList<>();
                for (Step s = step; s.parent() != null; s = s.parent()) {
                    path.add(s.key());
                }
                return path;
            } else if (current instanceof JsonArray array) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    pending.push(new Step(array.get(i), i, step));
                }
            } else if (current instanceof JsonObject object) {
                List<Map.Entry<String, JsonValue>> members = new ArrayList<>(object.entrySet());
                for (int i = members.size() - 1; i >= 0; i--) {
                    pending.push(new Step(members.get(i).getValue(), members.get(i).getKey(), step));
                }
            }
        }
        return null;
    }
}
