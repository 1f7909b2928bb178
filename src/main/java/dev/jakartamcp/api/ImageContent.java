package dev.jakartamcp.api;

/** @param data base64-encoded image bytes */
public record ImageContent(String data, String mimeType) implements Content {
}
