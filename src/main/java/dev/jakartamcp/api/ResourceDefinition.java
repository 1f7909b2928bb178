package dev.jakartamcp.api;

import java.util.Objects;
import java.util.Set;

/**
 * A resource defined in code: expose it from a CDI producer ({@code @Produces ResourceDefinition}) or register it
 * on the {@code ResourceRegistry} while the application runs. The reader returns what a {@link McpResource} method
 * may return.
 */
public record ResourceDefinition(String uri, String name, String title, String description, String mimeType,
                                 Set<String> rolesAllowed, Reader reader) {

    @FunctionalInterface
    public interface Reader {
        Object read(String uri, McpContext context) throws Exception;
    }

    public ResourceDefinition {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(reader, "reader");
        name = name == null || name.isEmpty() ? uri : name;
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        mimeType = mimeType == null ? "text/plain" : mimeType;
        rolesAllowed = rolesAllowed == null ? Set.of() : Set.copyOf(rolesAllowed);
    }

    public static ResourceDefinition of(String uri, String name, String mimeType, Reader reader) {
        return new ResourceDefinition(uri, name, "", "", mimeType, Set.of(), reader);
    }
}
