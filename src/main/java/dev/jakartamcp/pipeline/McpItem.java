package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import jakarta.json.JsonObject;

import java.util.Set;

/** A tool, prompt, resource or resource template as registered: what clients see before operator overrides. */
public interface McpItem {
    ItemKind kind();

    /** The name operator overrides use; unique per kind for tools and prompts. */
    String name();

    /** The access its annotations or definition declare. */
    Access access();

    /** The descriptor list results carry. */
    JsonObject descriptor();

    /** Where it came from, for messages: "com.example.Tools#search", "producer com.example.Tools#echo", "registered echo". */
    String source();

    /**
     * The name of the bean method the item is ("search" of "com.example.Tools#search"), whose parameters the
     * container's Bean Validation checks; null for a produced or registered item, which has none.
     */
    default String javaMethodName() {
        return javaMethodNameOf(source());
    }

    /** {@link #javaMethodName()} of an item whose {@link #source()} is {@code source}. */
    static String javaMethodNameOf(String source) {
        // "com.example.Tools#search", or for one its bean inherits "com.example.BaseTools#search (bean com.example.Tools)"
        int hash = source.indexOf('#');
        int space = source.indexOf(' ');
        if (hash <= 0 || (space >= 0 && space < hash)) {
            return null; // "producer com.example.Tools#echo", "registered echo"
        }
        return space < 0 ? source.substring(hash + 1) : source.substring(hash + 1, space);
    }

    /** The classes of {@link #javaMethodName()}: the one that declares it, and the bean's if it inherits it. */
    default java.util.Set<String> javaClassNames() {
        return javaClassNamesOf(source());
    }

    /** {@link #javaClassNames()} of an item whose {@link #source()} is {@code source}. */
    static java.util.Set<String> javaClassNamesOf(String source) {
        if (javaMethodNameOf(source) == null) {
            return java.util.Set.of();
        }
        String declaring = source.substring(0, source.indexOf('#'));
        int bean = source.indexOf(" (bean ");
        return bean < 0 ? java.util.Set.of(declaring)
                : java.util.Set.of(declaring, source.substring(bean + " (bean ".length(), source.length() - 1));
    }

    /** Whether its use may run as a task, as declared (tools only). */
    default TaskSupport taskSupport() {
        return TaskSupport.NONE;
    }

    /**
     * Its arguments marked secret ({@code @Arg(secret = true)}, a tool's top-level {@code "writeOnly": true}), in lower
     * case: the audit digest leaves their values out as it does those of {@code mcp.audit.redact}.
     */
    default Set<String> secretArguments() {
        return Set.of();
    }
}
