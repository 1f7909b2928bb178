package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes an argument of a tool or prompt, or a variable of a resource template. A parameter is required
 * unless it is an {@code Optional} ({@code OptionalInt}, ...) or carries an annotation named {@code Nullable}
 * ({@code jakarta.annotation.Nullable}, JSpecify's, ...), which receives null when the argument is left out; a
 * primitive one always is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Arg {
    /** Defaults to the parameter name (compile with -parameters). */
    String name() default "";

    String description() default "";
}
