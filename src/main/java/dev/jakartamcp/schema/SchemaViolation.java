package dev.jakartamcp.schema;

public record SchemaViolation(String path, String keyword, String message) {
}
