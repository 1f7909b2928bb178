package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean an MCP prompt. {@link Arg} parameters (strings) are its arguments. It returns a
 * String (one user message), a {@link PromptMessage}, a list of them, or a {@link PromptResult}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Prompt {
    String name() default "";

    String title() default "";

    String description() default "";

    /** Icons clients may show for the prompt (https or data:image URIs). */
    Icon[] icons() default {};
}
