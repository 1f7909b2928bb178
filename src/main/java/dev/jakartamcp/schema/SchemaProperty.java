package dev.jakartamcp.schema;

/** One named input of a tool or prompt: a method parameter, or a property defined in code. */
public record SchemaProperty(String name, java.lang.reflect.Type type, String description, boolean required,
                             java.lang.annotation.Annotation[] annotations) {
}
