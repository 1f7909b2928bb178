package dev.jakartamcp.schema;

import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The records and beans open on one way down a type, while it is described or checked. A type met again ends the way
 * down ({@code $ref}, or already checked), but a generic one whose type arguments grow at each level of its own
 * recursion ({@code record Node<T>(T value, Node<List<T>> next)}: {@code Node<String>} holds a
 * {@code Node<List<String>>}, which holds a {@code Node<List<List<String>>>}, ...) is a new type at every level and
 * would be followed until the stack overflows. So a class open {@link #MAX_LEVELS} times at once is refused: no
 * finite schema describes it, and a type that does not grow never needs as many levels of one class.
 */
final class DataClassNesting {

    static final int MAX_LEVELS = 8;

    private final Deque<Type> open = new ArrayDeque<>();

    /** Opens {@code type}; an {@link IllegalArgumentException} naming it when its class is open too often already. */
    void enter(Type type) {
        Class<?> raw = Types.raw(type);
        Type outermost = null;
        Type inside = null;
        int levels = 0;
        for (Iterator<Type> outward = open.iterator(); outward.hasNext(); ) {
            Type t = outward.next();
            if (Types.raw(t) == raw) {
                levels++;
                inside = outermost;
                outermost = t;
            }
        }
        if (levels >= MAX_LEVELS) {
            throw new IllegalArgumentException(raw.getSimpleName() + " grows with each level of its own recursion ("
                    + Types.declaredName(outermost) + " holds a " + Types.declaredName(inside) + ", which holds a larger one"
                    + " again): no schema can describe it; let the recursive component keep its type arguments"
                    + " (" + raw.getSimpleName() + "<T>)");
        }
        open.push(type);
    }

    void exit() {
        open.pop();
    }
}
