package dev.jakartamcp.api;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt defined in code: expose it from a CDI producer ({@code @Produces PromptDefinition}) or register it with
 * {@link McpPrompts} while the application runs. The renderer returns what a {@link Prompt} method may return.
 * {@code access} says who may get it ({@code null}: every authenticated caller).
 */
public record PromptDefinition(String name, String title, String description, List<Argument> arguments,
                               Access access, Renderer renderer, List<McpIcon> icons) {

    /** One argument; {@code secret}: as {@link Arg#secret()}. */
    public record Argument(String name, String description, boolean required, boolean secret) {
        /** An argument that is no secret. */
        public Argument(String name, String description, boolean required) {
            this(name, description, required, false);
        }
    }

    @FunctionalInterface
    public interface Renderer {
        Object render(Map<String, String> arguments, McpContext context) throws Exception;
    }

    public PromptDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(renderer, "renderer");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        Set<String> names = new HashSet<>();
        for (Argument argument : arguments) {
            if (argument.name() == null || argument.name().isBlank()) {
                throw new IllegalArgumentException("prompt " + name + ": an argument needs a name");
            }
            // a client sends one value per name: a second argument of the name could never get its own
            if (!names.add(argument.name())) {
                throw new IllegalArgumentException("prompt " + name + ": argument '" + argument.name() + "' is declared twice");
            }
        }
        access = access == null ? Access.permitAll() : access;
        icons = icons == null ? List.of() : List.copyOf(icons);
    }

    /** A prompt without icons. */
    public PromptDefinition(String name, String title, String description, List<Argument> arguments, Access access, Renderer renderer) {
        this(name, title, description, arguments, access, renderer, List.of());
    }
}
