package dev.jakartamcp.api;

public record TextContent(String text) implements Content {
}
