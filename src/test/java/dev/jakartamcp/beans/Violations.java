package dev.jakartamcp.beans;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

/** What a container's Bean Validation throws for a method, without a validator: one violation of {@code kind}. */
public final class Violations {
    private Violations() {
    }

    /** A violation of the method {@code method}'s parameter or return value {@code name} (null for a return value). */
    public static ConstraintViolationException of(String method, ElementKind kind, String name, String message) {
        return of(null, method, kind, name, message);
    }

    /** As {@link #of(String, ElementKind, String, String)}, of a method of the bean class {@code root} (null: not said). */
    public static ConstraintViolationException of(Class<?> root, String method, ElementKind kind, String name, String message) {
        List<Path.Node> nodes = List.of(node(ElementKind.METHOD, method), node(kind, name));
        Path path = (Path) Proxy.newProxyInstance(Violations.class.getClassLoader(), new Class<?>[] {Path.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "iterator" -> nodes.iterator();
                    case "toString" -> method + "." + (name == null ? "<return value>" : name);
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ConstraintViolation<?> violation = (ConstraintViolation<?>) Proxy.newProxyInstance(Violations.class.getClassLoader(),
                new Class<?>[] {ConstraintViolation.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getPropertyPath" -> path;
                    case "getMessage" -> message;
                    case "getRootBeanClass" -> root;
                    case "hashCode" -> 2;
                    case "equals" -> proxy == args[0];
                    case "toString" -> path + ": " + message;
                    default -> null;
                });
        return new ConstraintViolationException(Set.of(violation));
    }

    private static Path.Node node(ElementKind kind, String name) {
        return (Path.Node) Proxy.newProxyInstance(Violations.class.getClassLoader(), new Class<?>[] {Path.Node.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getKind" -> kind;
                    case "getName" -> name;
                    case "hashCode" -> 3;
                    case "equals" -> proxy == args[0];
                    case "toString" -> String.valueOf(name);
                    default -> null;
                });
    }
}
