package dev.jakartamcp.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use a tool, prompt, resource, resource template or completion, with the meaning Jakarta EE gives
 * {@code @PermitAll}, {@code @DenyAll} and {@code @RolesAllowed}: every authenticated caller, nobody, or a caller
 * holding at least one of the roles (permissions from the access token). {@code @RolesAllowed({})} names no role
 * and so denies everyone, as in Jakarta EE. Annotated methods get theirs from the annotations; definitions built in
 * code from their builder ({@link #permitAll()} unless said otherwise).
 */
public record Access(Rule rule, Set<String> roles) {

    public enum Rule { PERMIT_ALL, DENY_ALL, ROLES_ALLOWED }

    /** The role name Jakarta EE reads as "any authenticated caller". */
    private static final String ANY_AUTHENTICATED = "**";
    private static final Access PERMIT_ALL = new Access(Rule.PERMIT_ALL, Set.of());
    private static final Access DENY_ALL = new Access(Rule.DENY_ALL, Set.of());

    public Access {
        Objects.requireNonNull(rule, "rule");
        // in the order declared: a step-up challenge names the first that is a valid scope
        Objects.requireNonNull(roles, "roles").forEach(role -> Objects.requireNonNull(role, "role"));
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        if (rule == Rule.ROLES_ALLOWED && roles.stream().anyMatch(role -> role.isBlank() || !role.equals(role.strip()))) {
            throw new IllegalArgumentException("a role name is blank or has surrounding spaces: " + roles
                    + " (role names are compared exactly; Access.rolesAllowed(...) leaves out blank ones)");
        }
        if (rule == Rule.ROLES_ALLOWED && roles.contains(ANY_AUTHENTICATED)) {
            // as rolesAllowed("**") reads it: every authenticated caller, never a role of that name to hold or ask for
            rule = Rule.PERMIT_ALL;
            roles = Set.of();
        }
        if (rule != Rule.ROLES_ALLOWED && !roles.isEmpty()) {
            throw new IllegalArgumentException(rule + " takes no roles");
        }
        if (rule == Rule.ROLES_ALLOWED && roles.isEmpty()) {
            throw new IllegalArgumentException("ROLES_ALLOWED needs at least one role; use Access.rolesAllowed() for deny-all");
        }
    }

    /** Every authenticated caller (and, with authorization off, every caller). */
    public static Access permitAll() {
        return PERMIT_ALL;
    }

    /** Nobody, with authorization on or off. */
    public static Access denyAll() {
        return DENY_ALL;
    }

    /**
     * A caller holding at least one of {@code roles}; no role at all denies everyone, like {@code @RolesAllowed({})}.
     * {@code "**"} among them means every authenticated caller, as in Jakarta EE (where it means so while the application
     * declares no role of that name; this server never declares it).
     */
    public static Access rolesAllowed(String... roles) {
        return rolesAllowed(Arrays.asList(roles));
    }

    public static Access rolesAllowed(Collection<String> roles) {
        Set<String> names = new LinkedHashSet<>();
        for (String role : roles) {
            if (role != null && !role.isBlank()) {
                if (!role.equals(role.strip())) {
                    // role names are compared exactly, as in Jakarta EE: no token's permission is meant to be " admin"
                    throw new IllegalArgumentException("a role name has surrounding spaces: \"" + role + "\"");
                }
                names.add(role);
            }
        }
        if (names.contains(ANY_AUTHENTICATED)) {
            return PERMIT_ALL;
        }
        return names.isEmpty() ? DENY_ALL : new Access(Rule.ROLES_ALLOWED, names);
    }

    /**
     * Whether a caller holding {@code callerRoles} may proceed. {@code rolesChecked} is false when authorization is
     * off: there are no verified roles then, so role requirements cannot apply, but {@link Rule#DENY_ALL} still denies.
     */
    public boolean permits(Set<String> callerRoles, boolean rolesChecked) {
        return switch (rule) {
            case PERMIT_ALL -> true;
            case DENY_ALL -> false;
            case ROLES_ALLOWED -> !rolesChecked || roles.stream().anyMatch(callerRoles::contains);
        };
    }

    /** Both this and {@code other} must permit. */
    public boolean permits(Set<String> callerRoles, boolean rolesChecked, Access other) {
        return permits(callerRoles, rolesChecked) && other.permits(callerRoles, rolesChecked);
    }

    @Override
    public String toString() {
        return switch (rule) {
            case PERMIT_ALL -> "@PermitAll";
            case DENY_ALL -> "@DenyAll";
            case ROLES_ALLOWED -> "@RolesAllowed(" + roles + ")";
        };
    }
}
