package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes an argument of a tool or prompt, or a variable of a resource template. An {@code Optional}
 * parameter is not required; every other one is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Arg {
    /** Defaults to the parameter name (compile with -parameters). */
    String name() default "";

    String description() default "";
}
