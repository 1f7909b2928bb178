package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean the reader of every resource whose URI matches an RFC 6570 template such as
 * {@code file:///logs/{name}}. Each variable is bound to the {@link Arg} parameter of the same name, converted from
 * its text: {@code int}, {@code UUID}, {@code LocalDate}, an enum… ({@code docs://chapters/3} gives {@code 3}); a
 * variable that does not convert is answered as invalid params (-32602) naming it, without calling the method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface McpResourceTemplate {
    String uriTemplate();

    String name() default "";

    String title() default "";

    String description() default "";

    String mimeType() default "text/plain";

    /** Icons clients may show for it (https or data:image URIs). */
    Icon[] icons() default {};
}
