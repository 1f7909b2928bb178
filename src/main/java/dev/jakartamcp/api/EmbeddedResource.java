package dev.jakartamcp.api;

public record EmbeddedResource(ResourceContents resource) implements Content {
}
