package dev.jakartamcp.api;

import java.util.List;
import java.util.Objects;

/**
 * An icon of a tool, prompt, resource or resource template defined in code (the annotation form is {@link Icon}).
 * {@code src} is an {@code https:} URL or a {@code data:image/…} URI; {@code mimeType}, {@code sizes} ({@code 48x48},
 * {@code any}) and {@code theme} ({@code light}, {@code dark}) are optional. Checked when the item is registered.
 */
public record McpIcon(String src, String mimeType, List<String> sizes, String theme) {

    public McpIcon {
        Objects.requireNonNull(src, "src");
        mimeType = mimeType == null ? "" : mimeType;
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        theme = theme == null ? "" : theme;
    }

    public static McpIcon of(String src) {
        return new McpIcon(src, "", List.of(), "");
    }

    public static McpIcon of(Icon annotation) {
        return new McpIcon(annotation.src(), annotation.mimeType(), List.of(annotation.sizes()), annotation.theme());
    }
}
