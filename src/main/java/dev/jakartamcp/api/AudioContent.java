package dev.jakartamcp.api;

/** @param data base64-encoded audio bytes */
public record AudioContent(String data, String mimeType) implements Content {
}
