package dev.jakartamcp.api;

/** A piece of content in a tool result or prompt message. */
public sealed interface Content permits TextContent, ImageContent, AudioContent, ResourceLink, EmbeddedResource {
}
