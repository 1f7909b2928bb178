package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.Set;

/**
 * The {@code WWW-Authenticate} value of a 403 for a caller who lacks a permission, so that the client can ask its user
 * for more and retry (step-up). Implemented by the resource server; empty when authorization is off.
 */
public interface AccessChallenge {
    Optional<String> insufficientScope(HttpServletRequest request, Set<String> scopes, String description);
}
