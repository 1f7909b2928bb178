package dev.jakartamcp.beans;

import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.api.ResourceDefinition;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.schema.Types;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessProducerField;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds, while the application deploys, every bean method annotated as an MCP tool, prompt, resource, resource
 * template or completion, in the WAR and in bean archives in WEB-INF/lib. The registries build their definitions
 * from what it found and fail the deployment on an invalid one. It also notes the producer method or field of every
 * tool, prompt and resource defined in code, so that a problem with one names where it was made.
 *
 * <p>A private instance method of a bean of a normal scope ({@code @ApplicationScoped}, {@code @RequestScoped}, ...),
 * or a package-private one of a superclass in another package, fails the deployment: such a bean is called through its
 * client proxy, which forwards only the methods it can override, so the method would run on the proxy itself, whose
 * injected fields are null and whose state is not the bean's. So does a method of a bean whose {@code @Typed} names
 * neither its class nor the method's. The compiler's bridges, and methods overridden by one with the same marker, are
 * not found: the container lists every method each class of the bean declares, but a client sees one.
 *
 * <p>{@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll} on a definition's producer method, or on the class
 * declaring a definition's producer, fail the deployment too: the definition's own access is what secures it.
 */
public class McpBeansExtension implements Extension {
    private static final List<Class<? extends Annotation>> MARKERS =
            List.of(Tool.class, Prompt.class, McpResource.class, McpResourceTemplate.class, Complete.class);

    private static final List<Class<?>> DEFINITIONS = List.of(ToolDefinition.class, PromptDefinition.class, ResourceDefinition.class);

    private final List<DiscoveredMethod> found = new ArrayList<>();
    private final Map<Bean<?>, String> producers = new ConcurrentHashMap<>();

    <T> void onManagedBean(@Observes ProcessManagedBean<T> event) {
        Bean<?> bean = event.getBean();
        Class<? extends Annotation> scope = bean.getScope();
        Class<?> beanClass = bean.getBeanClass();
        // the container's methods of a bean class are every method its classes declare: the compiler's bridges (which
        // carry the annotations of the method they lead to) and overridden ones too, each one method to a client
        for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
            if (!isMarked(method.getJavaMember())) {
                continue;
            }
            Method member = method.getJavaMember();
            if (member.isBridge() || overriddenByMarked(beanClass, member)) {
                continue; // found as the method that runs
            }
            Optional<String> problem = proxyProblem(bean, member).or(() -> stereotypeSecurityProblem(beanClass, member));
            if (problem.isPresent()) {
                event.addDefinitionError(new DefinitionException("MCP method " + DiscoveredMethod.describe(member) + " " + problem.get()));
                continue;
            }
            found.add(new DiscoveredMethod(bean, member));
        }
    }

    private static boolean isMarked(Method method) {
        return MARKERS.stream().anyMatch(method::isAnnotationPresent);
    }

    /**
     * Whether {@code member} is overridden, on the way from {@code beanClass} to it, by a method that carries the same
     * marker and is found itself: one method to a client, found once. An override with another marker (a prompt
     * overriding a tool) does not hide it.
     */
    private static boolean overriddenByMarked(Class<?> beanClass, Method member) {
        List<Class<? extends Annotation>> marks = MARKERS.stream().filter(member::isAnnotationPresent).toList();
        return AccessAnnotations.overriddenBy(beanClass, member, other -> marks.stream().anyMatch(other::isAnnotationPresent));
    }

    /**
     * Why {@code member} cannot be called on what the container gives for {@code bean}, if it cannot: a bean of a
     * normal scope is called through its client proxy, a subclass of the bean class in its package, which forwards
     * only the methods it can override; one it cannot override (private, or package-private in another package) would
     * run on the proxy itself, whose injected fields are null and whose state is not the bean's. And a bean restricted
     * by {@code @Typed} to types that have neither the method's class nor the bean class cannot be asked for as either.
     */
    /**
     * Security annotations put on an annotation type (a stereotype: {@code @AdminTools} carrying {@code @RolesAllowed})
     * and that type on the item's method or class: Jakarta EE never applies them from there, nor does this server, so
     * the item would be open to every authenticated caller while its code looks secured. Refused, as those on a
     * producer are, so that nobody relies on them.
     */
    static Optional<String> stereotypeSecurityProblem(Class<?> beanClass, Method member) {
        // the method that runs (an override, whose annotations decide) and its class too: there such a stereotype
        // looked like the item's access while the override's own (none: every caller) decided
        Method runs = AccessAnnotations.implementation(beanClass, member);
        java.util.Set<java.lang.reflect.AnnotatedElement> places = new java.util.LinkedHashSet<>(List.of(member,
                member.getDeclaringClass(), runs, runs.getDeclaringClass(), beanClass));
        for (java.lang.reflect.AnnotatedElement place : places) {
            Optional<String> problem = stereotypeOn(place, place instanceof Class<?> c ? " (on class " + c.getName() + ")"
                    : place == member ? "" : " (on " + DiscoveredMethod.describe((Method) place) + ", which runs)");
            if (problem.isPresent()) {
                return Optional.of(problem.get() + "; put them on the method or its class");
            }
        }
        return Optional.empty();
    }

    /** An annotation on {@code place} whose type carries security annotations, described, with {@code where}. */
    private static Optional<String> stereotypeOn(java.lang.reflect.AnnotatedElement place, String where) {
        for (Annotation annotation : place.getAnnotations()) {
            List<String> carried = AccessAnnotations.present(annotation.annotationType());
            if (!carried.isEmpty()) {
                return Optional.of("carries @" + annotation.annotationType().getSimpleName() + where + ", an annotation with "
                        + String.join(" and ", carried) + ": security annotations on an annotation type secure nothing (Jakarta EE"
                        + " does not apply them), so it would be open to every authenticated caller");
            }
        }
        return Optional.empty();
    }

    /** {@code Stateless}, {@code Stateful} or {@code Singleton} for a session bean's class (by its annotation), else empty. */
    static Optional<String> sessionBeanKind(Class<?> beanClass) {
        for (java.lang.annotation.Annotation annotation : beanClass.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.equals("jakarta.ejb.Stateless") || name.equals("jakarta.ejb.Stateful") || name.equals("jakarta.ejb.Singleton")) {
                return Optional.of(annotation.annotationType().getSimpleName());
            }
        }
        return Optional.empty();
    }

    static Optional<String> proxyProblem(Bean<?> bean, Method member) {
        int modifiers = member.getModifiers();
        Class<?> beanClass = bean.getBeanClass();
        if (!Modifier.isStatic(modifiers) && !Modifier.isPublic(modifiers) && sessionBeanKind(beanClass).isPresent()) {
            // the EJB container's proxy calls business methods only, which are public: any other throws an
            // EJBException on every call (a private one would run on the proxy itself)
            return Optional.of("is not public in a session bean (@" + sessionBeanKind(beanClass).get() + "): the EJB container"
                    + " calls only its public business methods; make it public");
        }
        if (!Modifier.isStatic(modifiers) && bean.getScope().isAnnotationPresent(NormalScope.class)) {
            String scope = "a bean of scope @" + bean.getScope().getSimpleName();
            if (Modifier.isPrivate(modifiers)) {
                return Optional.of("is private in " + scope + ": it would run on the bean's client proxy, not on the bean;"
                        + " make it package-private, protected or public");
            }
            boolean packagePrivate = !Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers);
            Class<?> declaring = member.getDeclaringClass();
            if (packagePrivate && (!declaring.getPackageName().equals(beanClass.getPackageName())
                    || declaring.getClassLoader() != beanClass.getClassLoader())) {
                return Optional.of("is package-private in another package than " + scope + " (" + beanClass.getName()
                        + "): it would run on the bean's client proxy, which cannot override it, not on the bean;"
                        + " make it protected or public");
            }
        }
        if (!Modifier.isStatic(modifiers) && DiscoveredMethod.beanType(bean, member).isEmpty() && sessionBeanKind(beanClass).isPresent()) {
            // an interface the class implements is the session bean's local view, and then it has no view of its own class
            return Optional.of("is not in a view of its session bean (@" + sessionBeanKind(beanClass).get() + " " + beanClass.getName()
                    + ", whose views are " + bean.getTypes().stream().map(Types::declaredName).sorted().toList() + "): a bean that"
                    + " implements an interface is seen through it alone; add @LocalBean to its class, or declare the method"
                    + " in that interface");
        }
        if (!Modifier.isStatic(modifiers) && DiscoveredMethod.beanType(bean, member).isEmpty()) {
            return Optional.of("is declared by a class that is not a type of its bean (" + beanClass.getName()
                    + ", restricted by @Typed to " + bean.getTypes().stream().map(Types::declaredName).sorted().toList()
                    + "): the bean cannot be asked for as one; add " + member.getDeclaringClass().getSimpleName() + " to @Typed");
        }
        return Optional.empty();
    }

    <T, X> void onProducerMethod(@Observes ProcessProducerMethod<T, X> event) {
        if (makesDefinition(event.getBean())) {
            Method method = event.getAnnotatedProducerMethod().getJavaMember();
            String name = producerMethodName(method);
            producers.put(event.getBean(), name);
            accessAnnotationsProblem(method, "producer method " + name).ifPresent(event::addDefinitionError);
        }
    }

    /**
     * Security annotations on a definition's producer method, or on the class that declares the producer, would look
     * as if they secured what it makes, but the container never applies them to the definition (its own access
     * decides, every authenticated caller when it says nothing): refused like contradictory ones, so that nobody
     * relies on them.
     */
    static Optional<DefinitionException> accessAnnotationsProblem(Member producer, String name) {
        List<String> onMember = producer instanceof Method method ? AccessAnnotations.present(method) : List.of();
        Class<?> declaring = producer.getDeclaringClass();
        List<String> onClass = AccessAnnotations.present(declaring);
        if (onMember.isEmpty() && onClass.isEmpty()) {
            // nor through an annotation type (a stereotype) on the producer or its class
            Optional<String> stereotype = (producer instanceof java.lang.reflect.AnnotatedElement element ? stereotypeOn(element, "")
                    : Optional.<String>empty()).or(() -> stereotypeOn(declaring, " (on class " + declaring.getName() + ")"));
            return stereotype.map(problem -> new DefinitionException(name + " " + problem + "; set who may use it on the definition"
                    + " itself (ToolDefinition.builder(...).rolesAllowed(...), .permitAll(), .denyAll(); an Access for a"
                    + " PromptDefinition or ResourceDefinition)"));
        }
        String where = !onMember.isEmpty() ? String.join(" and ", onMember) + " on " + name
                : String.join(" and ", onClass) + " on class " + declaring.getName() + ", which declares " + name;
        return Optional.of(new DefinitionException(where + ": security annotations do not secure the tool, prompt or"
                + " resource a producer makes (it would be open to every authenticated caller); set who may use it on"
                + " the definition itself (ToolDefinition.builder(...).rolesAllowed(...), .permitAll(), .denyAll(); an"
                + " Access for a PromptDefinition or ResourceDefinition) and declare the producer without these annotations"));
    }

    /** {@code com.example.Tools#echo}; where the class declares more methods of that name, with the parameter types. */
    private static String producerMethodName(Method method) {
        long sameName = Arrays.stream(method.getDeclaringClass().getDeclaredMethods())
                .filter(m -> m.getName().equals(method.getName()) && !m.isSynthetic()).count();
        String name = DiscoveredMethod.describe(method);
        if (sameName < 2) {
            return name;
        }
        return name + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    <T, X> void onProducerField(@Observes ProcessProducerField<T, X> event) {
        if (makesDefinition(event.getBean())) {
            Field field = event.getAnnotatedProducerField().getJavaMember();
            String name = field.getDeclaringClass().getName() + "." + field.getName();
            producers.put(event.getBean(), name);
            accessAnnotationsProblem(field, "producer field " + name).ifPresent(event::addDefinitionError);
        }
    }

    private static boolean makesDefinition(Bean<?> bean) {
        return bean.getTypes().stream().anyMatch(DEFINITIONS::contains);
    }

    /**
     * The producer method ({@code com.example.Tools#echo}; {@code com.example.Tools#echo(String)} when overloaded) or
     * field ({@code com.example.Tools.echo}) of a bean made by one, else the class that declares the producer.
     */
    /**
     * Hands each definition the producers behind {@code produced} made to {@code action}, with where it was made
     * ({@code producer com.example.Tools#echo}); a producer that made none (null, which CDI 4.0, 3.2, allows a
     * {@code @Dependent} one: a switch in code) adds nothing.
     */
    public <T> void forEachProduced(Instance<T> produced, java.util.function.BiConsumer<T, String> action) {
        for (Instance.Handle<T> producer : produced.handles()) {
            T definition = producer.get(); // once: a handle need not keep a null it got
            if (definition != null) {
                action.accept(definition, "producer " + producerOf(producer.getBean()));
            }
        }
    }

    public String producerOf(Bean<?> bean) {
        return producers.getOrDefault(bean, bean.getBeanClass().getName());
    }

    public List<DiscoveredMethod> methodsAnnotatedWith(Class<? extends Annotation> annotation) {
        return found.stream().filter(m -> m.method().isAnnotationPresent(annotation)).sorted(DiscoveredMethod.ORDER).toList();
    }
}
