package dev.jakartamcp.schema;

import dev.jakartamcp.api.Arg;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One named input of a tool or prompt: a method parameter, or a property defined in code.
 *
 * <p>{@code annotations} are the declaration annotations of the input (for a method parameter,
 * {@link java.lang.reflect.Parameter#getAnnotations()}); the Bean Validation constraints among them
 * become schema keywords. {@code description} may be {@code null}. The array is copied on the way
 * in and on the way out, so the record stays immutable.
 */
public record SchemaProperty(String name, Type type, String description, boolean required, Annotation[] annotations) {

    public SchemaProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        annotations = annotations == null ? new Annotation[0] : annotations.clone();
    }

    public SchemaProperty(String name, Type type, String description, boolean required) {
        this(name, type, description, required, null);
    }

    /**
     * Whether an annotation called {@code Nullable} (jakarta.annotation, JSpecify, JetBrains, ...) is among
     * {@code annotations}: such an input may be left out, as a record component so marked may.
     */
    public static boolean marksNullable(Annotation... annotations) {
        return DataProperties.hasNullable(java.util.Arrays.asList(annotations));
    }

    /** Whether the input is marked {@code @Arg(secret = true)}. */
    public boolean secret() {
        return marksSecret(java.util.Arrays.asList(annotations));
    }

    /** The header the input is mirrored into ({@code @Arg(header = ...)}), or null. */
    public String header() {
        return headerOf(java.util.Arrays.asList(annotations));
    }

    /** The header named by the {@code @Arg(header = ...)} among {@code annotations} (of a parameter, ...), or null. */
    static String headerOf(Iterable<Annotation> annotations) {
        for (Annotation a : annotations) {
            if (a instanceof Arg arg && !arg.header().isEmpty()) {
                return arg.header();
            }
        }
        return null;
    }

    /** Whether {@code @Arg(secret = true)} is among {@code annotations} (of a parameter, a record component, …). */
    static boolean marksSecret(Iterable<Annotation> annotations) {
        for (Annotation a : annotations) {
            if (a instanceof Arg arg && arg.secret()) {
                return true;
            }
        }
        return false;
    }

    /** The input as deployment errors name it: {@code parameter 'counts' (ConcurrentMap<String, Integer>)}. */
    public String describe() {
        return "parameter '" + name + "' (" + Types.declaredName(type) + ")";
    }

    @Override
    public Annotation[] annotations() {
        return annotations.clone();
    }
}
