package dev.jakartamcp.api;

/**
 * Thrown by a resource or resource template method when the URI it was asked for names nothing, so that the client
 * gets the protocol's "resource not found" (-32002 up to 2025-11-25, -32602 from 2026-07-28, the URI in its data)
 * rather than empty contents: servers must not answer a resource that does not exist with empty contents. A
 * template matches every URI of its form, so only its method knows which of them exist.
 */
public class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException() {
        super("Resource not found");
    }
}
