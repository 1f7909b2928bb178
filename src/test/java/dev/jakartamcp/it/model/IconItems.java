package dev.jakartamcp.it.model;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Icon;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.ResourceNotFoundException;
import dev.jakartamcp.api.Prompt;
import jakarta.enterprise.context.ApplicationScoped;

/** A prompt, a resource and a resource template with icons. */
@ApplicationScoped
public class IconItems {
    static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    @Prompt(name = "summary", description = "Summarise a text", icons = @Icon(src = "https://example.com/summary.svg",
            mimeType = "image/svg+xml", sizes = "any", theme = "light"))
    public String summary(@Arg(description = "The text") String text) {
        return "Summarise: " + text;
    }

    @McpResource(uri = "docs://handbook", name = "handbook", icons = @Icon(src = PNG, sizes = {"16x16", "32x32"}))
    public String handbook() {
        return "the handbook";
    }

    @McpResourceTemplate(uriTemplate = "docs://chapters/{n}", name = "chapter", icons = @Icon(src = "https://example.com/chapter.png", theme = "dark"))
    public String chapter(@Arg(name = "n") String n) {
        if (!n.matches("[1-9]")) {
            throw new ResourceNotFoundException(); // the handbook has nine chapters
        }
        return "chapter " + n;
    }
}
