package dev.jakartamcp.beans;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the container's Bean Validation of an MCP method's parameters refused, as the caller's error: each violated
 * parameter with its message ({@code n: must be greater than or equal to 1}). A violation of the return value is the
 * method's own failure, not the caller's.
 */
public final class ParameterViolations {
    private ParameterViolations() {
    }

    /**
     * The violations of {@code e}, described, when every one is about a parameter of the method {@code method} (or its
     * parameters together): the container's Bean Validation of the item's own call. A violation of another method's
     * parameters (a bean the item's code called) or of an entity's property is the item's failure, not the caller's.
     */
    public static Optional<String> of(ConstraintViolationException e, String method, Set<String> classes) {
        return allAbout(e, method, classes, true) ? Optional.of(described(e)) : Optional.empty();
    }

    /** The violations of {@code e}, described, when every one is about the return value of the method {@code method}. */
    public static Optional<String> ofReturnValue(ConstraintViolationException e, String method, Set<String> classes) {
        return allAbout(e, method, classes, false) ? Optional.of(described(e)) : Optional.empty();
    }

    /** Every violation of {@code e}, as {@code path: message}, sorted, joined by "; ". */
    public static String described(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
    }

    private static boolean allAbout(ConstraintViolationException e, String method, Set<String> classes, boolean parameters) {
        return method != null && e.getConstraintViolations() != null && !e.getConstraintViolations().isEmpty()
                && e.getConstraintViolations().stream().allMatch(v -> about(v, method, parameters) && ofClass(v, classes));
    }

    /**
     * Whether the bean {@code violation} was found on is one of {@code classes} (the item's bean class and the class that
     * declares its method), or a subclass of one, such as the container's proxy of it: a method of the same name of
     * another bean the item's code called is not the item's. A violation that does not say passes.
     */
    private static boolean ofClass(ConstraintViolation<?> violation, Set<String> classes) {
        Class<?> root = violation.getRootBeanClass();
        if (root == null) {
            return true;
        }
        for (Class<?> c = root; c != null; c = c.getSuperclass()) {
            if (classes.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path of {@code violation} is {@code method}'s, then a parameter (or the parameters) or its return value. */
    private static boolean about(ConstraintViolation<?> violation, String method, boolean parameters) {
        if (violation.getPropertyPath() == null) {
            return false;
        }
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        if (!nodes.hasNext()) {
            return false;
        }
        Path.Node first = nodes.next();
        if (first.getKind() != ElementKind.METHOD || !method.equals(first.getName())
                || !nodes.hasNext()) {
            return false;
        }
        ElementKind next = nodes.next().getKind();
        return parameters ? next == ElementKind.PARAMETER || next == ElementKind.CROSS_PARAMETER : next == ElementKind.RETURN_VALUE;
    }
}
