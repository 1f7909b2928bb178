package dev.jakartamcp.api;

/** A link to a resource the client may read; it is not part of the result itself. */
public record ResourceLink(String uri, String name, String description, String mimeType) implements Content {
}
