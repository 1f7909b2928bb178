package dev.jakartamcp.api;

import java.util.List;
import java.util.Objects;

/**
 * A resource defined in code: expose it from a CDI producer ({@code @Produces ResourceDefinition}) or register it
 * with {@link McpResources} while the application runs. The reader returns what a {@link McpResource} method
 * may return. {@code access} says who may read it ({@code null}: every authenticated caller).
 */
public record ResourceDefinition(String uri, String name, String title, String description, String mimeType,
                                 Access access, Reader reader, List<McpIcon> icons) {

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
        icons = icons == null ? List.of() : List.copyOf(icons);
    }

    /** A resource without icons. */
    public ResourceDefinition(String uri, String name, String title, String description, String mimeType, Access access, Reader reader) {
        this(uri, name, title, description, mimeType, access, reader, List.of());
    }

    public static ResourceDefinition of(String uri, String name, String mimeType, Reader reader) {
        return new ResourceDefinition(uri, name, "", "", mimeType, Access.permitAll(), reader);
    }
}
