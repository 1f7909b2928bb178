package dev.jakartamcp.api;

import java.util.Objects;

/**
 * A resource defined in code: expose it from a CDI producer ({@code @Produces ResourceDefinition}) or register it
 * on the {@code ResourceRegistry} while the application runs. The reader returns what a {@link McpResource} method
 * may return. {@code access} says who may read it ({@code null}: every authenticated caller).
 */
public record ResourceDefinition(String uri, String name, String title, String description, String mimeType,
                                 Access access, Reader reader) {

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
        access = access == null ? Access.permitAll() : access;
    }

    public static ResourceDefinition of(String uri, String name, String mimeType, Reader reader) {
        return new ResourceDefinition(uri, name, "", "", mimeType, Access.permitAll(), reader);
    }
}
