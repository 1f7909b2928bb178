package dev.jakartamcp.beans;

import dev.jakartamcp.api.Arg;
import jakarta.enterprise.util.AnnotationLiteral;

import java.lang.annotation.Annotation;

/**
 * {@code @Arg(secret = ..., header = ...)} as a value, so that an input defined in code ({@code ToolDefinition.Property},
 * {@code PromptDefinition.Argument}) carries its marks as an annotated parameter does, and one check
 * ({@code SchemaProperty.secret()}, {@code header()}) serves both.
 */
public final class DefinedArg extends AnnotationLiteral<Arg> implements Arg {
    private static final long serialVersionUID = 1L;

    private final boolean secret;
    private final String header;

    private DefinedArg(boolean secret, String header) {
        this.secret = secret;
        this.header = header;
    }

    /** The annotations of an input defined in code: the secret mark, or none. */
    public static Annotation[] annotations(boolean secret) {
        return annotations(secret, null);
    }

    /** The annotations of an input defined in code: its marks ({@code header} null or empty for none), or none. */
    public static Annotation[] annotations(boolean secret, String header) {
        String mirrored = header == null ? "" : header;
        return secret || !mirrored.isEmpty() ? new Annotation[] {new DefinedArg(secret, mirrored)} : new Annotation[0];
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public String description() {
        return "";
    }

    @Override
    public boolean secret() {
        return secret;
    }

    @Override
    public String header() {
        return header;
    }
}
