package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method suggest values for one argument of a prompt ({@link #prompt()}) or one variable of a resource
 * template ({@link #resourceTemplate()}). The method takes the partial value as a String and returns a
 * {@code List<String>} (or another {@code Collection} of {@code String}), or an {@code Optional} of one, an empty one
 * suggesting nothing; anything else fails the deployment. It may also take {@link McpContext} and a {@code Map<String, String>} of the arguments the
 * client has already resolved (the request's {@code context.arguments}, only names the prompt declares or the
 * template has as variables; empty when the client sends none, as clients of 2025-03-26 do).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Complete {
    String prompt() default "";

    String resourceTemplate() default "";

    String argument();
}
