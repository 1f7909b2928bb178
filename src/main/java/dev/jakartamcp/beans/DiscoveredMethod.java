package dev.jakartamcp.beans;

import dev.jakartamcp.schema.Types;
import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/** A method of a CDI bean that carries one of the MCP annotations. */
public record DiscoveredMethod(Bean<?> bean, Method method) {
    /**
     * By declaring class, name and parameter types: the order the registries take methods in, so that which of two
     * methods a deployment error names first does not depend on the order the JVM lists a class's methods in.
     */
    public static final java.util.Comparator<DiscoveredMethod> ORDER = java.util.Comparator
            .comparing((DiscoveredMethod d) -> d.method().getDeclaringClass().getName())
            .thenComparing(d -> d.method().getName())
            .thenComparing(d -> java.util.Arrays.toString(d.method().getParameterTypes()));

    /** "com.example.Tools#search", for messages that must name the culprit. */
    public String describe() {
        // a method inherited by two beans (a subclass, an @Alternative) is named with the bean that has it, or a
        // duplicate name would read "BaseTools#ping and BaseTools#ping"
        Class<?> beanClass = bean == null ? null : bean.getBeanClass();
        return beanClass == null || beanClass == method.getDeclaringClass() ? describe(method)
                : describe(method) + " (bean " + beanClass.getName() + ")";
    }

    /**
     * Why the method cannot work when it returns a {@code Future} or {@code CompletionStage}: the server runs author code
     * on its managed executor and writes what the method returns, which would be the future, not its value.
     */
    public Optional<String> asyncResultProblem() {
        // an Optional answers as its value (ReturnedValue), so an Optional<Future<T>> would write the future too; a
        // type variable is what the bean class binds it to (T of Base<T> in Async extends Base<CompletableFuture<X>>)
        Type seen = bean == null ? method.getGenericReturnType() : returnType();
        Class<?> returned = ReturnedValue.unwrappedClass(seen);
        if (!Future.class.isAssignableFrom(returned) && !CompletionStage.class.isAssignableFrom(returned)) {
            return Optional.empty();
        }
        Class<?> outer = Types.raw(seen);
        String declared = returned == outer ? returned.getSimpleName() : returned.getSimpleName() + " in an " + outer.getSimpleName();
        return Optional.of("its result (" + declared + ") is asynchronous, which is not supported: the method"
                + " already runs on the server's managed executor; return the value itself");
    }

    /** The JDK's types whose values are read once, as they are consumed, and that JSON-B cannot write. */
    private static final java.util.List<Class<?>> STREAMS = java.util.List.of(java.util.stream.BaseStream.class,
            java.util.Iterator.class, java.util.Spliterator.class, java.util.Enumeration.class, java.io.InputStream.class,
            java.io.Reader.class, java.io.OutputStream.class, java.io.Writer.class, java.nio.channels.Channel.class);

    /**
     * Why the method cannot work when it returns a stream ({@code Stream}, {@code Iterator}, {@code InputStream},
     * {@code Reader}, ...), or an {@code Optional} of one: JSON-B fails on every call to write one (an iterator, a
     * stream), or writes an empty object (an input stream), and text would be its {@code toString()}.
     */
    public Optional<String> streamResultProblem() {
        Type seen = bean == null ? method.getGenericReturnType() : returnType();
        Class<?> returned = ReturnedValue.unwrappedClass(seen);
        if (STREAMS.stream().noneMatch(type -> type.isAssignableFrom(returned))) {
            return Optional.empty();
        }
        Class<?> outer = Types.raw(seen);
        String declared = returned == outer ? returned.getSimpleName() : returned.getSimpleName() + " in an " + outer.getSimpleName();
        return Optional.of("its result (" + declared + ") is a stream, read once as it is consumed,"
                + " which the server cannot write (it would fail on every call, or lose what it holds); read it in the method"
                + " and return what it holds (a List, a String, a byte[])");
    }

    /**
     * Why work this method returns to run after its call ({@code TaskWork}, run as a task) cannot run on the bean
     * instance it captured: one of a scope that ends with the request (or session, conversation) is destroyed then,
     * and a {@code @Stateless} one goes back to its pool, where another call may run on it meanwhile. Empty for an
     * application-scoped or singleton bean, and a {@code @Dependent} one, which the server keeps until the work ends.
     */
    public Optional<String> laterWorkProblem() {
        if (bean == null) {
            return Optional.empty();
        }
        if (McpBeansExtension.sessionBeanKind(bean.getBeanClass()).filter("Stateless"::equals).isPresent()) {
            return Optional.of("its bean is @Stateless: the instance the work captured goes back to the EJB pool when the"
                    + " method returns, and another call may run on it while the work does; make it @Singleton or a CDI"
                    + " bean @ApplicationScoped or @Dependent");
        }
        Class<? extends java.lang.annotation.Annotation> scope = bean.getScope();
        if (scope == jakarta.enterprise.context.ApplicationScoped.class || scope == jakarta.enterprise.context.Dependent.class
                || scope == jakarta.inject.Singleton.class) {
            return Optional.empty();
        }
        return Optional.of("its bean is @" + scope.getSimpleName() + ": the instance the work captured is destroyed when"
                + " that scope ends, while the work may still run; make it @ApplicationScoped or @Dependent");
    }

    /**
     * The declared type of parameter {@code index} as the bean class sees it ({@code delete(T)} of {@code CrudTools<T>}
     * takes an {@code Order} in {@code OrderTools extends CrudTools<Order>}).
     */
    public Type parameterType(int index) {
        return Types.seenFrom(bean.getBeanClass(), method.getGenericParameterTypes()[index]);
    }

    /** The declared result type as the bean class sees it, as {@link #parameterType}. */
    public Type returnType() {
        return Types.seenFrom(bean.getBeanClass(), method.getGenericReturnType());
    }

    /**
     * The type to ask the container for {@code bean} by, to call {@code method} on what it gives: the bean type of the
     * method's class, else the one of the bean class, as the bean's own type object (parameterized where it is,
     * {@code CrudTools<Order>} for a bean {@code @Typed(CrudTools.class)}: the raw class is no type of such a bean);
     * empty when {@code @Typed} left both out.
     */
    static Optional<Type> beanType(Bean<?> bean, Method method) {
        Type ofClass = null;
        for (Type type : bean.getTypes()) {
            Class<?> raw = Types.raw(type);
            if (raw == method.getDeclaringClass()) {
                return Optional.of(type);
            }
            if (raw == bean.getBeanClass()) {
                ofClass = type;
            }
        }
        return Optional.ofNullable(ofClass);
    }

    /** "com.example.Tools#search": a method named in a message. */
    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName();
    }
}
