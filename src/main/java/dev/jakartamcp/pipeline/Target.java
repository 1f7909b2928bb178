package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;

/** What a request resolved to: the item it uses, and anything the operation needs besides. */
public interface Target {
    McpItem item();

    /** Access required besides the item's own, e.g. a completer's annotations on top of its prompt's access. */
    default Access additionalAccess() {
        return Access.permitAll();
    }

    /**
     * Whether this runs the item itself, so that the item's own limits apply ({@code mcp.<kind>.<name>.rate-limit},
     * {@code .max-concurrent}, {@code .timeout}); a completion of its arguments does not.
     */
    default boolean runsItem() {
        return true;
    }

    /**
     * The name of the bean method that runs for this target (null: none, a definition made in code): the item's own,
     * or another's of the same item (a completer of a prompt's arguments).
     */
    default String javaMethodName() {
        return item().javaMethodName();
    }

    /** The classes of {@link #javaMethodName()}: the one that declares it, and the bean's if it inherits it. */
    default java.util.Set<String> javaClassNames() {
        return item().javaClassNames();
    }
}
