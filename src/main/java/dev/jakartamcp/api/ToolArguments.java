package dev.jakartamcp.api;

import jakarta.json.JsonObject;

import java.lang.reflect.Type;
import java.util.Optional;

/** The arguments of a call to a tool defined in code, already validated against its schema. */
public interface ToolArguments {
    JsonObject json();

    Optional<String> string(String name);

    /** The argument bound to a Java type by JSON-B rules (records, lists, java.time, ...); empty when absent. */
    <T> Optional<T> get(String name, Type type);
}
