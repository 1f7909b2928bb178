package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean the reader of a resource with a fixed URI. It returns a String (text in
 * {@link #mimeType()}), a byte[] (a blob), {@link ResourceContents}, or a list of them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface McpResource {
    String uri();

    String name() default "";

    String title() default "";

    String description() default "";

    String mimeType() default "text/plain";

    /** Icons clients may show for it (https or data:image URIs). */
    Icon[] icons() default {};
}
