package dev.jakartamcp.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and describes an argument of a tool or prompt, or a variable of a resource template. A parameter is required
 * unless it is an {@code Optional} ({@code OptionalInt}, ...) or carries an annotation named {@code Nullable}
 * ({@code jakarta.annotation.Nullable}, JSpecify's, ...), which receives null when the argument is left out; a
 * primitive one always is. On a record component, or a field of a class JSON-B binds, it describes the property in
 * the generated schemas ({@code description}, {@code secret}); a {@code name} there fails the deployment, since
 * JSON-B would not follow it: rename with {@code @JsonbProperty}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Arg {
    /** Defaults to the parameter name (compile with -parameters). Only on parameters. */
    String name() default "";

    String description() default "";

    /**
     * A secret (a password, a PIN, a key): its value is left out of the audit trail's argument digest, as the values
     * of the names in {@code mcp.audit.redact} are, so that it cannot be recovered from the digest by trying values.
     * A tool's input schema marks the property {@code "writeOnly": true}. On the parameters of tools and prompts, and
     * on the record components (and JSON-B fields) of a tool's argument types, where members of that name are then
     * left out at any depth; on a resource template's variable it stops the deployment, since the URI is audited as
     * it is.
     */
    boolean secret() default false;

    /**
     * On a tool's parameter: the name of the HTTP header a 2026-07-28 client mirrors the argument into, {@code
     * Mcp-Param-<header>} ({@code "x-mcp-header"} in the input schema), so that a load balancer, proxy or WAF can route
     * on it without reading the body; the server answers 400 (-32020) when the header is missing, malformed or differs
     * from the argument. Only for arguments a header can carry: strings (also enums, java.time values, UUIDs),
     * booleans and integers, which are then bounded to -(2<sup>53</sup>-1) to 2<sup>53</sup>-1; a header name of
     * RFC 9110 token characters, unique among the tool's headers ignoring case. Headers are seen by every
     * intermediary: a {@link #secret()} cannot be mirrored. Anything else, and a header on a prompt's, resource
     * template's or record's member, fails the deployment.
     */
    String header() default "";
}
