package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean an MCP tool. Parameters annotated with {@link Arg} are the tool's arguments; a
 * parameter of type {@link McpContext} gives access to progress, logging, cancellation and client input.
 * Put {@code @RolesAllowed} on the method to require permissions. The hints default to the values MCP assumes when
 * a tool says nothing: not read-only, destructive, not idempotent, open world.
 * <p>{@link #task()} lets clients that declare the tasks extension get a task handle and poll for the result
 * (2026-07-28); the method then runs on the server's managed executor, and its {@link McpContext} reports progress as
 * the task's status message, asks the client through the task ({@code input_required}, answered by
 * {@code tasks/update}) and tells it when the client cancelled.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
    /** Defaults to the method name. */
    String name() default "";

    String title() default "";

    String description() default "";

    boolean readOnly() default false;

    boolean destructive() default true;

    boolean idempotent() default false;

    boolean openWorld() default true;

    /** Whether the tool runs as a task for clients that declare the tasks extension. */
    TaskSupport task() default TaskSupport.NONE;

    /** Icons clients may show for the tool (https or data:image URIs). */
    Icon[] icons() default {};
}
