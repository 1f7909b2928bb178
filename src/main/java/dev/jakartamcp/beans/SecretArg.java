package dev.jakartamcp.beans;

import dev.jakartamcp.api.Arg;
import jakarta.enterprise.util.AnnotationLiteral;

import java.lang.annotation.Annotation;

/**
 * {@code @Arg(secret = true)} as a value, so that an input defined in code ({@code ToolDefinition.Property},
 * {@code PromptDefinition.Argument}) carries the mark as an annotated parameter does, and one check
 * ({@code SchemaProperty.secret()}) serves both.
 */
public final class SecretArg extends AnnotationLiteral<Arg> implements Arg {
    private static final long serialVersionUID = 1L;

    private SecretArg() {
    }

    /** The annotations of an input defined in code: the secret mark, or none. */
    public static Annotation[] annotations(boolean secret) {
        return secret ? new Annotation[] {new SecretArg()} : new Annotation[0];
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
        return true;
    }
}
