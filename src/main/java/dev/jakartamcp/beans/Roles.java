package dev.jakartamcp.beans;

import jakarta.annotation.security.RolesAllowed;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The permissions a method requires: its {@code @RolesAllowed}, or its class's. */
public final class Roles {
    private Roles() {
    }

    public static Set<String> of(Method method) {
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        RolesAllowed effective = onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        return effective == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(effective.value()));
    }
}
