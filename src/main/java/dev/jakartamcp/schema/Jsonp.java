package dev.jakartamcp.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayDeque;
import java.util.Deque;

/** The JSON-P provider, looked up once, and nesting limits shared by validator and binder. */
final class Jsonp {

    static final JsonProvider PROVIDER = JsonProvider.provider();

    /**
     * Deepest nesting of arrays and objects that is validated, bound or written. Deeper input is
     * refused up front, so that no recursion here can exhaust the stack.
     */
    static final int MAX_DEPTH = 100;

    private Jsonp() {
    }

    /** Whether {@code value} nests arrays/objects deeper than {@code limit}; iterative, so safe on hostile input. */
    static boolean deeperThan(JsonValue value, int limit) {
        Deque<JsonValue> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(value);
        depths.push(0);
        while (!pending.isEmpty()) {
            JsonValue current = pending.pop();
            int depth = depths.pop();
            Iterable<JsonValue> children;
            if (current instanceof JsonArray array) {
                children = array;
            } else if (current instanceof JsonObject object) {
                children = object.values();
            } else {
                continue;
            }
            if (depth + 1 > limit) {
                return true;
            }
            for (JsonValue child : children) {
                if (child instanceof JsonArray || child instanceof JsonObject) {
                    pending.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return false;
    }
}
