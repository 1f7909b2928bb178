package dev.jakartamcp.beans;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.schema.Types;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.spi.DefinitionException;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Access} of an annotated MCP method, by the rules of Jakarta Annotations and Jakarta Enterprise Beans:
 * an annotation on the method wins over one on its class; the class that counts is the one that declares the method
 * (so a superclass's {@code @RolesAllowed} applies to the methods that superclass defines and its subclass inherits,
 * not to methods the subclass declares or overrides); without any annotation every authenticated caller may call.
 * Two of {@code @PermitAll}, {@code @DenyAll} and {@code @RolesAllowed} on the same method or class contradict each
 * other and stop the deployment.
 */
public final class AccessAnnotations {
    private AccessAnnotations() {
    }

    /**
     * The access of a discovered method as it runs on its bean: when the bean class overrides the annotated method,
     * the override and its class decide (the marker annotation may sit on the superclass's method).
     */
    public static Access of(DiscoveredMethod target) {
        return of(implementation(target.bean().getBeanClass(), target.method()));
    }

    /**
     * The method that runs when {@code method} is called on an instance of {@code beanClass}: the nearest method of
     * the same signature that overrides it by the JVM's rules (JVMS 5.4.5); when no class declares one and
     * {@code method} is an interface's default method, the most specific default method overriding it among the
     * interfaces of the bean (JVMS 5.4.6). A method of the same name and parameters that does not override it (the
     * annotated one is private, or package-private and the subclass in another package) does not run, so its
     * annotations must not decide.
     */
    static Method implementation(Class<?> beanClass, Method method) {
        for (Class<?> c = beanClass; c != null && c != method.getDeclaringClass(); c = c.getSuperclass()) {
            Method candidate = declared(c, method);
            if (candidate != null && overrides(candidate, method)) {
                return candidate;
            }
        }
        List<Method> mostSpecific = mostSpecific(defaultOverrides(beanClass, method));
        // two unrelated defaults would not compile without an override in a class, found above
        return mostSpecific.size() == 1 ? mostSpecific.get(0) : method;
    }

    /**
     * Whether a method of {@code beanClass} or of a superclass between it and {@code method}'s class overrides
     * {@code method} by the JVM's rules and passes {@code test}: in {@code A{@Tool m()}}, {@code B extends A{@Tool m()}},
     * {@code C extends B{m()}}, A's m is overridden by B's, marked, though what runs on a C is C's. A default method of
     * an interface is overridden by one a subinterface of it the bean implements declares as well.
     */
    static boolean overriddenBy(Class<?> beanClass, Method method, java.util.function.Predicate<Method> test) {
        for (Class<?> c = beanClass; c != null && c != method.getDeclaringClass(); c = c.getSuperclass()) {
            Method candidate = declared(c, method);
            if (candidate != null && overrides(candidate, method) && test.test(candidate)) {
                return true;
            }
        }
        return defaultOverrides(beanClass, method).stream().anyMatch(test);
    }

    /**
     * The default methods overriding {@code method}, an interface's, that the interfaces of {@code beanClass} (and of
     * its superclasses) extending its interface declare, with its parameter types as each of them sees them: what the
     * container lists besides it, the overridden ones too.
     */
    private static List<Method> defaultOverrides(Class<?> beanClass, Method method) {
        Class<?> declaring = method.getDeclaringClass();
        List<Method> found = new ArrayList<>();
        if (!declaring.isInterface()) {
            return found;
        }
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = beanClass; c != null; c = c.getSuperclass()) {
            addInterfaces(c, interfaces);
        }
        for (Class<?> i : interfaces) {
            if (i != declaring && declaring.isAssignableFrom(i)) {
                Method candidate = declared(i, method);
                if (candidate != null && candidate.isDefault() && overrides(candidate, method)) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    private static void addInterfaces(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (into.add(i)) {
                addInterfaces(i, into);
            }
        }
    }

    /** Those of {@code methods} that no other's interface, a subinterface of theirs, overrides (JVMS 5.4.3.3). */
    private static List<Method> mostSpecific(List<Method> methods) {
        return methods.stream().filter(m -> methods.stream().noneMatch(other -> other != m
                && m.getDeclaringClass().isAssignableFrom(other.getDeclaringClass()))).toList();
    }

    /**
     * The instance method of {@code c} with the name of {@code like} and its parameter types as {@code c} sees them, if
     * any: {@code delete(T)} of {@code CrudTools<T>} is {@code delete(Order)} in {@code OrderTools extends
     * CrudTools<Order>}, where {@code delete(Object)} is only the compiler's bridge to it.
     */
    private static Method declared(Class<?> c, Method like) {
        Method same = declared(c, like.getName(), like.getParameterTypes());
        if (same != null) {
            return same;
        }
        Class<?>[] seen = parameterTypesSeenFrom(c, like);
        if (Arrays.equals(seen, like.getParameterTypes())) {
            return null;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!like.getParameterTypes()[i].isAssignableFrom(seen[i])) {
                return null; // not a narrowing of the type variable (a raw supertype sees Object): no override of it
            }
        }
        return declared(c, like.getName(), seen);
    }

    private static Method declared(Class<?> c, String name, Class<?>[] parameterTypes) {
        try {
            Method candidate = c.getDeclaredMethod(name, parameterTypes);
            return Modifier.isStatic(candidate.getModifiers()) || candidate.isBridge() ? null : candidate;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The erased parameter types of {@code like}, its class's type variables bound as they are from {@code c}. */
    private static Class<?>[] parameterTypesSeenFrom(Class<?> c, Method like) {
        Class<?> declaring = like.getDeclaringClass();
        TypeVariable<?>[] variables = declaring.getTypeParameters();
        Class<?>[] erased = like.getParameterTypes().clone();
        if (variables.length == 0) {
            return erased;
        }
        Type[] arguments = Types.argumentsOf(c, declaring);
        Map<TypeVariable<?>, Class<?>> bound = new HashMap<>();
        for (int i = 0; i < variables.length; i++) {
            bound.put(variables[i], Types.raw(arguments[i]));
        }
        Type[] generic = like.getGenericParameterTypes();
        for (int i = 0; i < erased.length && i < generic.length; i++) {
            int dimensions = 0;
            Type type = generic[i];
            while (type instanceof GenericArrayType array) {
                type = array.getGenericComponentType();
                dimensions++;
            }
            if (type instanceof TypeVariable<?> variable && bound.containsKey(variable)) {
                Class<?> component = bound.get(variable);
                erased[i] = dimensions == 0 ? component : Array.newInstance(component, new int[dimensions]).getClass();
            }
        }
        return erased;
    }

    /** JVMS 5.4.5: whether {@code sub}, declared in a subclass of {@code sup}'s class with its signature, overrides it. */
    private static boolean overrides(Method sub, Method sup) {
        int modifiers = sup.getModifiers();
        if (Modifier.isPrivate(sub.getModifiers()) || Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers)) {
            return false;
        }
        if (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers) || samePackage(sub, sup)) {
            return true;
        }
        // package-private in another package: overridden only through a method between them that overrides it
        for (Class<?> c = sub.getDeclaringClass().getSuperclass(); c != null && c != sup.getDeclaringClass(); c = c.getSuperclass()) {
            Method between = declared(c, sup);
            if (between != null && overrides(between, sup) && overrides(sub, between)) {
                return true;
            }
        }
        return false;
    }

    /** The same run-time package: the same package name and the same class loader. */
    private static boolean samePackage(Method a, Method b) {
        Class<?> x = a.getDeclaringClass();
        Class<?> y = b.getDeclaringClass();
        return x.getPackageName().equals(y.getPackageName()) && x.getClassLoader() == y.getClassLoader();
    }

    public static Access of(Method method) {
        String name = DiscoveredMethod.describe(method);
        Access onMethod = declared(method, "method " + name);
        Class<?> declaring = method.getDeclaringClass();
        // read (and so checked) even when the method's own annotation decides: a contradiction on the class stops the
        // deployment whichever of its methods it would have governed
        Access onClass = declared(declaring, "class " + declaring.getName() + " (declaring " + name + ")");
        if (onMethod != null) {
            return onMethod;
        }
        return onClass != null ? onClass : Access.permitAll();
    }

    /** Which of {@code @PermitAll}, {@code @DenyAll} and {@code @RolesAllowed} the element carries, as "@Name". */
    static List<String> present(AnnotatedElement element) {
        List<String> found = new ArrayList<>();
        if (element.isAnnotationPresent(PermitAll.class)) {
            found.add("@PermitAll");
        }
        if (element.isAnnotationPresent(DenyAll.class)) {
            found.add("@DenyAll");
        }
        if (element.isAnnotationPresent(RolesAllowed.class)) {
            found.add("@RolesAllowed");
        }
        return found;
    }

    private static Access declared(AnnotatedElement element, String where) {
        List<String> found = present(element);
        Access access = null;
        if (element.isAnnotationPresent(PermitAll.class)) {
            access = Access.permitAll();
        }
        if (element.isAnnotationPresent(DenyAll.class)) {
            access = Access.denyAll();
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        if (roles != null) {
            for (String role : roles.value()) {
                if (role == null || role.isBlank() || !role.equals(role.strip())) {
                    // Jakarta EE compares role names exactly: no caller could hold this one as written
                    throw new DefinitionException("@RolesAllowed on " + where + " names a role that is blank or has surrounding"
                            + " spaces: \"" + role + "\" (role names are compared exactly, as in Jakarta EE)");
                }
            }
            access = Access.rolesAllowed(roles.value());
        }
        if (found.size() > 1) {
            throw new DefinitionException("Contradictory security annotations " + String.join(" and ", found) + " on " + where
                    + ": use exactly one of @PermitAll, @DenyAll and @RolesAllowed");
        }
        return access;
    }
}
