package dev.jakartamcp.beans;

import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;

/** A method of a CDI bean that carries one of the MCP annotations. */
public record DiscoveredMethod(Bean<?> bean, Method method) {
    /** "com.example.Tools#search", for messages that must name the culprit. */
    public String describe() {
        return describe(method);
    }

    /** "com.example.Tools#search": a method named in a message. */
    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName();
    }
}
