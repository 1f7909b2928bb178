package dev.jakartamcp.beans;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the container's Bean Validation of an MCP method's parameters refused, as the caller's error: each violated
 * parameter with its message ({@code n: must be greater than or equal to 1}). A violation of the return value is the
 * method's own failure, not the caller's.
 */
public final class ParameterViolations {
    private ParameterViolations() {
    }

    /** The violations of {@code e}, described, when every one is about a parameter (or the parameters together). */
    public static Optional<String> of(ConstraintViolationException e) {
        if (e.getConstraintViolations() == null || e.getConstraintViolations().isEmpty()
                || !e.getConstraintViolations().stream().allMatch(ParameterViolations::aboutParameters)) {
            return Optional.empty();
        }
        return Optional.of(described(e));
    }

    /** Every violation of {@code e}, as {@code path: message}, sorted, joined by "; ". */
    public static String described(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
    }

    private static boolean aboutParameters(ConstraintViolation<?> violation) {
        if (violation.getPropertyPath() == null) {
            return false;
        }
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.CROSS_PARAMETER) {
                return true;
            }
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return false;
            }
        }
        return false;
    }
}
