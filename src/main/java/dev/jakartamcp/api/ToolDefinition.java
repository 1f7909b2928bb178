package dev.jakartamcp.api;

import jakarta.json.JsonObject;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tool defined in code, for tools whose shape is known only at run time. Expose one from a CDI producer
 * ({@code @Produces ToolDefinition}) or register it with {@link McpTools} while the application runs:
 * <pre>{@code
 * @Produces
 * ToolDefinition echo() {
 *     return ToolDefinition.builder("echo")
 *             .description("Echoes a message")
 *             .property("message", String.class, "What to echo", true)
 *             .handler((args, ctx) -> args.string("message").orElse(""))
 *             .build();
 * }
 * }</pre>
 */
public record ToolDefinition(String name, String title, String description, List<Property> properties,
                             JsonObject inputSchema, ToolHandler handler, Hints hints, Access access,
                             TaskSupport taskSupport, List<McpIcon> icons) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        properties = List.copyOf(properties);
        access = access == null ? Access.permitAll() : access;
        taskSupport = taskSupport == null ? TaskSupport.NONE : taskSupport;
        icons = icons == null ? List.of() : List.copyOf(icons);
    }

    /** A definition that never runs as a task and has no icons. */
    public ToolDefinition(String name, String title, String description, List<Property> properties, JsonObject inputSchema,
                          ToolHandler handler, Hints hints, Access access) {
        this(name, title, description, properties, inputSchema, handler, hints, access, TaskSupport.NONE, List.of());
    }

    /**
     * One input of a tool defined in code; its JSON Schema comes from the Java type. {@code secret}: as
     * {@link Arg#secret()} (with a hand-written input schema, mark the property {@code "writeOnly": true} there);
     * {@code header}: as {@link Arg#header()}, null for none (with a hand-written input schema, give the property
     * {@code "x-mcp-header"} there).
     */
    public record Property(String name, Type type, String description, boolean required, boolean secret, String header) {
        /** An input that is no secret and not mirrored into a header. */
        public Property(String name, Type type, String description, boolean required) {
            this(name, type, description, required, false, null);
        }

        /** An input not mirrored into a header. */
        public Property(String name, Type type, String description, boolean required, boolean secret) {
            this(name, type, description, required, secret, null);
        }
    }

    /** The MCP tool annotations (behaviour hints for clients). */
    public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
        public static final Hints DEFAULT = new Hints(false, true, false, true);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String title;
        private String description = "";
        private final List<Property> properties = new ArrayList<>();
        private JsonObject inputSchema;
        private ToolHandler handler;
        private Hints hints = Hints.DEFAULT;
        private Access access = Access.permitAll();
        private TaskSupport taskSupport = TaskSupport.NONE;
        private final List<McpIcon> icons = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder property(String name, Type type, String description, boolean required) {
            properties.add(new Property(name, type, description, required));
            return this;
        }

        /** An input whose value is a secret (a password, a key): see {@link Arg#secret()}. */
        public Builder secretProperty(String name, Type type, String description, boolean required) {
            properties.add(new Property(name, type, description, required, true));
            return this;
        }

        /**
         * An input a 2026-07-28 client mirrors into the {@code Mcp-Param-<header>} HTTP header: see {@link Arg#header()}.
         */
        public Builder headerProperty(String name, Type type, String description, boolean required, String header) {
            properties.add(new Property(name, type, description, required, false, header));
            return this;
        }

        /** A hand-written input schema, used instead of one derived from the properties. */
        public Builder inputSchema(JsonObject schema) {
            this.inputSchema = schema;
            return this;
        }

        public Builder hints(Hints hints) {
            this.hints = hints;
            return this;
        }

        /** Callers holding any of {@code roles} may call it; no role at all means nobody, as {@code @RolesAllowed({})}. */
        public Builder rolesAllowed(String... roles) {
            this.access = Access.rolesAllowed(roles);
            return this;
        }

        /** Every authenticated caller may call it (the default). */
        public Builder permitAll() {
            this.access = Access.permitAll();
            return this;
        }

        /** Nobody may call it. */
        public Builder denyAll() {
            this.access = Access.denyAll();
            return this;
        }

        /** Whether the tool runs as a task for clients that declare the tasks extension (see {@link Tool#task()}). */
        public Builder taskSupport(TaskSupport taskSupport) {
            this.taskSupport = taskSupport;
            return this;
        }

        /** An icon clients may show for the tool. */
        public Builder icon(McpIcon icon) {
            icons.add(icon);
            return this;
        }

        public Builder handler(ToolHandler handler) {
            this.handler = handler;
            return this;
        }

        public ToolDefinition build() {
            return new ToolDefinition(name, title, description, properties, inputSchema, handler, hints, access, taskSupport, icons);
        }
    }
}
