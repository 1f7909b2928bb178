package dev.jakartamcp.beans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.api.ResourceDefinition;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessProducerField;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpBeansExtensionTest {

    @SuppressWarnings("unused")
    static class Tools {
        @Tool
        private String hidden() {
            return "runs on the client proxy";
        }

        @Tool
        String packagePrivate() {
            return "forwarded by the client proxy";
        }

        @Tool
        private static String utility() {
            return "needs no instance";
        }
    }

    public interface Command<A> {
        String run(A argument);
    }

    /** Its run(String) has a bridge run(Object), to which the compiler copies the method's annotations. */
    public static class PingTools implements Command<String> {
        @Override
        @Tool(name = "ping")
        public String run(String host) {
            return "pong " + host;
        }
    }

    public static class BaseTools {
        @Tool
        public String hello() {
            return "base";
        }
    }

    public static class MarkedOverride extends BaseTools {
        @Override
        @Tool
        public String hello() {
            return "sub";
        }
    }

    public static class PlainOverride extends BaseTools {
        @Override
        public String hello() {
            return "sub";
        }
    }

    /** Marked in A and in B, overridden again, unmarked, in the bean class. */
    public static class ReOverride extends MarkedOverride {
        @Override
        public String hello() {
            return "bean";
        }
    }

    /** A prompt overriding a tool method: another marker, so the tool stays. */
    public static class PromptOverTool extends BaseTools {
        @Override
        @dev.jakartamcp.api.Prompt
        public String hello() {
            return "prompt";
        }
    }

    public interface Greeter {
        @Tool
        default String greet() {
            return "default";
        }
    }

    public static class GreeterTools implements Greeter {
        @Override
        @Tool
        public String greet() {
            return "own";
        }
    }

    public interface Purging {
        @Tool
        default String purge() {
            return "Purging";
        }
    }

    /** Overrides the default method with one of its own, marked too: what runs on a bean implementing it. */
    @RolesAllowed("admin")
    public interface AdminPurging extends Purging {
        @Override
        @Tool
        default String purge() {
            return "AdminPurging";
        }
    }

    public static class AdminPurgingTools implements AdminPurging {
    }

    /** Overrides it unmarked, under a stereotype carrying security annotations. */
    public interface StereotypedPurging extends Purging {
        @Override
        @AdminOnly
        default String purge() {
            return "StereotypedPurging";
        }
    }

    public static class StereotypedPurgingTools implements StereotypedPurging {
    }

    public static class InheritedFromElsewhere extends dev.jakartamcp.beans.elsewhere.ToolsOfAnotherPackage {
    }

    private static List<Method> found(Class<?> beanClass, Class<? extends Annotation> scope) {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(beanClass, scope, errors));
        assertEquals(List.of(), errors);
        return extension.methodsAnnotatedWith(Tool.class).stream().map(DiscoveredMethod::method).toList();
    }

    /**
     * One method to a client is one tool: a bridge, and a method overridden by a marked one, are not found besides the
     * method that runs. Before, the container's list of a bean's methods (every method its classes declare) gave two,
     * and the deployment failed with "Duplicate MCP tool name".
     */
    @Test
    void aBridgeOrAnOverriddenMethodIsNotASecondTool() throws NoSuchMethodException {
        assertEquals(List.of(PingTools.class.getMethod("run", String.class)), found(PingTools.class, ApplicationScoped.class));
        assertEquals(List.of(MarkedOverride.class.getMethod("hello")), found(MarkedOverride.class, ApplicationScoped.class));
        assertEquals(List.of(BaseTools.class.getMethod("hello")), found(PlainOverride.class, ApplicationScoped.class),
                "an unmarked override runs when the marked method is called: found as the marked one");
        assertEquals(List.of(GreeterTools.class.getMethod("greet")), found(GreeterTools.class, Dependent.class));
        assertEquals(List.of(MarkedOverride.class.getMethod("hello")), found(ReOverride.class, ApplicationScoped.class),
                "A's is overridden by B's, marked, though C's is what runs");
        assertEquals(List.of(BaseTools.class.getMethod("hello")), found(PromptOverTool.class, ApplicationScoped.class),
                "an override with another marker does not hide the tool");
        assertEquals(List.of(AdminPurging.class.getMethod("purge")), found(AdminPurgingTools.class, ApplicationScoped.class),
                "a subinterface's marked default method overrides its superinterface's");
    }

    /**
     * A package-private method of a superclass in another package runs on the client proxy (in the bean class's
     * package, it cannot override it), so a normal-scoped bean's fails the deployment, as a private one does.
     */
    @Test
    void aPackagePrivateMethodOfAnotherPackageFailsANormalScopedBeanNamingIt() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(InheritedFromElsewhere.class, ApplicationScoped.class, errors));
        assertEquals(List.of("MCP method dev.jakartamcp.beans.elsewhere.ToolsOfAnotherPackage#count is package-private in another"
                + " package than a bean of scope @ApplicationScoped (" + InheritedFromElsewhere.class.getName() + "): it would run on"
                + " the bean's client proxy, which cannot override it, not on the bean; make it protected or public"),
                errors.stream().map(Throwable::getMessage).toList());
        assertEquals(1, found(InheritedFromElsewhere.class, Dependent.class).size(), "a @Dependent bean is called as it is");
    }

    /** A bean whose @Typed leaves out its class cannot be asked for as it: each call failed; now the deployment does. */
    @Test
    void aMethodOfABeanTypedWithoutItsClassFailsTheDeploymentNamingIt() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(BaseTools.class, ApplicationScoped.class, errors, Set.of(Greeter.class, Object.class)));
        assertEquals(List.of("MCP method " + BaseTools.class.getName() + "#hello is declared by a class that is not a type of its bean ("
                + BaseTools.class.getName() + ", restricted by @Typed to [Greeter, Object]): the bean cannot be asked for as one;"
                + " add BaseTools to @Typed"), errors.stream().map(Throwable::getMessage).toList());
    }

    @Test
    void aPrivateMethodOfANormalScopedBeanFailsTheDeploymentNamingIt() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(Tools.class, ApplicationScoped.class, errors));
        assertEquals(List.of("MCP method " + Tools.class.getName() + "#hidden is private in a bean of scope @ApplicationScoped: "
                        + "it would run on the bean's client proxy, not on the bean; make it package-private, protected or public"),
                errors.stream().map(Throwable::getMessage).toList());
        assertEquals(Set.of("packagePrivate", "utility"), names(extension));
    }

    /** A session bean's container calls only its public business methods: any other failed every call with an EJBException. */
    @jakarta.ejb.Stateless
    static class SessionBeanTools {
        @Tool
        public String open() {
            return "open";
        }

        @Tool
        String closed() {
            return "closed";
        }
    }

    @Test
    void aMethodOfASessionBeanThatIsNotPublicFailsTheDeploymentNamingIt() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(SessionBeanTools.class, Dependent.class, errors));
        assertEquals(List.of("MCP method " + SessionBeanTools.class.getName() + "#closed is not public in a session bean (@Stateless):"
                + " the EJB container calls only its public business methods; make it public"), errors.stream().map(Throwable::getMessage).toList());
    }

    /** A session bean implementing an interface has it as its only local view: its own methods are in no view. */
    @jakarta.ejb.Stateless
    static class OrderTools implements Runnable {
        @Tool
        public String find() {
            return "found";
        }

        @Override
        public void run() {
        }
    }

    @Test
    void aMethodOfASessionBeanSeenThroughAnInterfaceOnlyFailsTheDeploymentSayingSo() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(OrderTools.class, Dependent.class, errors, Set.of(Runnable.class, Object.class)));
        assertEquals(List.of("MCP method " + OrderTools.class.getName() + "#find is not in a view of its session bean (@Stateless "
                + OrderTools.class.getName() + ", whose views are [Object, Runnable]): a bean that implements an interface is seen"
                + " through it alone; add @LocalBean to its class, or declare the method in that interface"),
                errors.stream().map(Throwable::getMessage).toList());
    }

    @Test
    void aPrivateMethodOfADependentBeanIsCalledOnTheBeanItself() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(Tools.class, Dependent.class, errors));
        assertEquals(List.of(), errors);
        assertEquals(Set.of("hidden", "packagePrivate", "utility"), names(extension));
    }

    @SuppressWarnings("unused")
    static class Producers {
        static final PromptDefinition GREETING = null;

        ToolDefinition echo() {
            return null;
        }

        String notMcp() {
            return "";
        }

        ToolDefinition shout() {
            return null;
        }

        ToolDefinition shout(String prefix, int times) {
            return null;
        }
    }

    /** A definition made in code is named by its producer method or field; one of no producer seen, by its class. */
    @Test
    void aDefinitionsProducerIsNamedByItsMethodOrField() throws ReflectiveOperationException {
        McpBeansExtension extension = new McpBeansExtension();
        Bean<?> method = producer(Producers.class, ToolDefinition.class);
        Bean<?> field = producer(Producers.class, PromptDefinition.class);
        Bean<?> other = producer(Producers.class, String.class);
        extension.onProducerMethod(methodEvent(method, Producers.class.getDeclaredMethod("echo")));
        extension.onProducerField(fieldEvent(field, Producers.class.getDeclaredField("GREETING")));
        extension.onProducerMethod(methodEvent(other, Producers.class.getDeclaredMethod("notMcp")));
        assertEquals(Producers.class.getName() + "#echo", extension.producerOf(method));
        assertEquals(Producers.class.getName() + ".GREETING", extension.producerOf(field));
        assertEquals(Producers.class.getName(), extension.producerOf(other), "a producer of anything else is not kept");
        assertEquals(Producers.class.getName(), extension.producerOf(producer(Producers.class, ResourceDefinition.class)));
    }

    /** Overloaded producer methods are told apart by their parameter types: the name alone would name both. */
    @Test
    void overloadedProducerMethodsAreNamedWithTheirParameterTypes() throws ReflectiveOperationException {
        McpBeansExtension extension = new McpBeansExtension();
        Bean<?> plain = producer(Producers.class, ToolDefinition.class);
        Bean<?> withParameters = producer(Producers.class, ToolDefinition.class);
        extension.onProducerMethod(methodEvent(plain, Producers.class.getDeclaredMethod("shout")));
        extension.onProducerMethod(methodEvent(withParameters, Producers.class.getDeclaredMethod("shout", String.class, int.class)));
        assertEquals(Producers.class.getName() + "#shout()", extension.producerOf(plain));
        assertEquals(Producers.class.getName() + "#shout(String, int)", extension.producerOf(withParameters));
    }

    @SuppressWarnings("unused")
    static class SecuredProducers {
        @RolesAllowed("admin")
        ToolDefinition wipe() {
            return null;
        }

        @PermitAll
        PromptDefinition greet() {
            return null;
        }

        @RolesAllowed("admin")
        String notMcp() {
            return "";
        }
    }

    @SuppressWarnings("unused")
    @DenyAll
    static class SecuredClass {
        static final ResourceDefinition REPORT = null;

        ToolDefinition purge() {
            return null;
        }
    }

    /** The container never applies them to a produced definition, whose own access decides: they stop the deployment. */
    @Test
    void securityAnnotationsOnADefinitionsProducerOrItsClassFailTheDeploymentNamingIt() throws ReflectiveOperationException {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onProducerMethod(methodEvent(producer(SecuredProducers.class, ToolDefinition.class),
                SecuredProducers.class.getDeclaredMethod("wipe"), errors));
        extension.onProducerMethod(methodEvent(producer(SecuredProducers.class, PromptDefinition.class),
                SecuredProducers.class.getDeclaredMethod("greet"), errors));
        extension.onProducerMethod(methodEvent(producer(SecuredClass.class, ToolDefinition.class),
                SecuredClass.class.getDeclaredMethod("purge"), errors));
        extension.onProducerField(fieldEvent(producer(SecuredClass.class, ResourceDefinition.class),
                SecuredClass.class.getDeclaredField("REPORT"), errors));
        extension.onProducerMethod(methodEvent(producer(SecuredProducers.class, String.class),
                SecuredProducers.class.getDeclaredMethod("notMcp"), errors));
        List<String> messages = errors.stream().map(Throwable::getMessage).toList();
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("@RolesAllowed on producer method " + SecuredProducers.class.getName() + "#wipe: "), messages.get(0));
        assertTrue(messages.get(1).startsWith("@PermitAll on producer method " + SecuredProducers.class.getName() + "#greet: "), messages.get(1));
        assertTrue(messages.get(2).startsWith("@DenyAll on class " + SecuredClass.class.getName() + ", which declares producer method "
                + SecuredClass.class.getName() + "#purge: "), messages.get(2));
        assertTrue(messages.get(3).startsWith("@DenyAll on class " + SecuredClass.class.getName() + ", which declares producer field "
                + SecuredClass.class.getName() + ".REPORT: "), messages.get(3));
        assertTrue(messages.get(0).contains("set who may use it on the definition itself (ToolDefinition.builder(...).rolesAllowed(...)"),
                messages.get(0));
        assertTrue(errors.stream().allMatch(e -> e instanceof DefinitionException));
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @jakarta.annotation.security.RolesAllowed("admin")
    @interface AdminOnly {
    }

    @AdminOnly
    static class StereotypedTools {
        @dev.jakartamcp.api.Tool
        public String purge() {
            return "";
        }
    }

    static class MethodStereotypedTools {
        @AdminOnly
        @dev.jakartamcp.api.Tool
        public String purge() {
            return "";
        }

        @jakarta.annotation.security.RolesAllowed("admin")
        @dev.jakartamcp.api.Tool
        public String wipe() {
            return "";
        }
    }

    /** Security annotations on an annotation type secure nothing: an item under one fails the deployment naming it. */
    @Test
    void securityAnnotationsOnAnAnnotationTypeFailTheDeployment() throws ReflectiveOperationException {
        Optional<String> onClass = McpBeansExtension.stereotypeSecurityProblem(StereotypedTools.class,
                StereotypedTools.class.getDeclaredMethod("purge"));
        assertTrue(onClass.orElseThrow().startsWith("carries @AdminOnly (on class " + StereotypedTools.class.getName()
                + "), an annotation with @RolesAllowed: security annotations on an annotation type secure nothing"), onClass.get());
        Optional<String> onMethod = McpBeansExtension.stereotypeSecurityProblem(MethodStereotypedTools.class,
                MethodStereotypedTools.class.getDeclaredMethod("purge"));
        assertTrue(onMethod.orElseThrow().startsWith("carries @AdminOnly, an annotation with @RolesAllowed"), onMethod.get());
        assertEquals(Optional.empty(), McpBeansExtension.stereotypeSecurityProblem(MethodStereotypedTools.class,
                MethodStereotypedTools.class.getDeclaredMethod("wipe")), "on the method itself: applied");
    }

    public static class WipingBase {
        @dev.jakartamcp.api.Tool
        public String wipe() {
            return "";
        }
    }

    /** The override runs, and its annotations decide: a stereotype there looked like its access. */
    public static class StereotypedOverride extends WipingBase {
        @AdminOnly
        @Override
        public String wipe() {
            return "";
        }
    }

    /** The intermediate class declares the override that runs: its annotations decide. */
    @AdminOnly
    public static class StereotypedMiddle extends WipingBase {
        @Override
        public String wipe() {
            return "";
        }
    }

    public static class LeafOfMiddle extends StereotypedMiddle {
    }

    /**
     * A stereotype carrying security annotations on the override that runs, or on the class declaring it, fails the
     * deployment too: the override's own access (none: every caller) decided while its code looked secured.
     */
    @Test
    void aStereotypeOnTheOverrideThatRunsFailsTheDeployment() throws ReflectiveOperationException {
        Method marked = WipingBase.class.getDeclaredMethod("wipe");
        Optional<String> override = McpBeansExtension.stereotypeSecurityProblem(StereotypedOverride.class, marked);
        assertTrue(override.orElseThrow().startsWith("carries @AdminOnly (on " + StereotypedOverride.class.getName()), override.get());
        Optional<String> middle = McpBeansExtension.stereotypeSecurityProblem(LeafOfMiddle.class, marked);
        assertTrue(middle.orElseThrow().startsWith("carries @AdminOnly (on class " + StereotypedMiddle.class.getName() + ")"), middle.get());
        assertEquals(Optional.empty(), McpBeansExtension.stereotypeSecurityProblem(WipingBase.class, marked));
        Optional<String> subinterface = McpBeansExtension.stereotypeSecurityProblem(StereotypedPurgingTools.class,
                Purging.class.getMethod("purge"));
        assertTrue(subinterface.orElseThrow().startsWith("carries @AdminOnly (on " + StereotypedPurging.class.getName()), subinterface.get());
    }

    static class StereotypedProducers {
        @AdminOnly
        @jakarta.enterprise.inject.Produces
        ToolDefinition wipe() {
            return null;
        }
    }

    @AdminOnly
    static class StereotypedProducerClass {
        @jakarta.enterprise.inject.Produces
        ToolDefinition purge() {
            return null;
        }
    }

    /** A stereotype carrying security annotations on a producer or its class secures nothing either: refused. */
    @Test
    void aStereotypeOnAProducerFailsTheDeployment() throws ReflectiveOperationException {
        Optional<DefinitionException> onMethod = McpBeansExtension.accessAnnotationsProblem(
                StereotypedProducers.class.getDeclaredMethod("wipe"), "producer method wipe");
        assertTrue(onMethod.orElseThrow().getMessage().startsWith("producer method wipe carries @AdminOnly, an annotation with @RolesAllowed"),
                onMethod.get().getMessage());
        Optional<DefinitionException> onClass = McpBeansExtension.accessAnnotationsProblem(
                StereotypedProducerClass.class.getDeclaredMethod("purge"), "producer method purge");
        assertTrue(onClass.orElseThrow().getMessage().startsWith("producer method purge carries @AdminOnly (on class "
                + StereotypedProducerClass.class.getName() + ")"), onClass.get().getMessage());
        assertEquals(Optional.empty(), McpBeansExtension.accessAnnotationsProblem(Producers.class.getDeclaredMethod("echo"), "echo"));
    }

    @Test
    void anUnannotatedProducerInAnUnannotatedClassIsAccepted() throws ReflectiveOperationException {
        List<Throwable> errors = new ArrayList<>();
        new McpBeansExtension().onProducerMethod(methodEvent(producer(Producers.class, ToolDefinition.class),
                Producers.class.getDeclaredMethod("echo"), errors));
        assertEquals(List.of(), errors);
    }

    private static Bean<?> producer(Class<?> declaring, Class<?> type) {
        return proxy(Bean.class, (name, args) -> switch (name) {
            case "getBeanClass" -> declaring;
            case "getTypes" -> Set.of(type, Object.class);
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static ProcessProducerMethod<Object, Object> methodEvent(Bean<?> bean, Method method) {
        return methodEvent(bean, method, new ArrayList<>());
    }

    private static ProcessProducerMethod<Object, Object> methodEvent(Bean<?> bean, Method method, List<Throwable> errors) {
        AnnotatedMethod<Object> annotated = proxy(AnnotatedMethod.class, (name, args) -> switch (name) {
            case "getJavaMember" -> method;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessProducerMethod.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedProducerMethod" -> annotated;
            case "addDefinitionError" -> {
                errors.add((Throwable) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static ProcessProducerField<Object, Object> fieldEvent(Bean<?> bean, Field field) {
        return fieldEvent(bean, field, new ArrayList<>());
    }

    private static ProcessProducerField<Object, Object> fieldEvent(Bean<?> bean, Field field, List<Throwable> errors) {
        AnnotatedField<Object> annotated = proxy(AnnotatedField.class, (name, args) -> switch (name) {
            case "getJavaMember" -> field;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessProducerField.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedProducerField" -> annotated;
            case "addDefinitionError" -> {
                errors.add((Throwable) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static Set<String> names(McpBeansExtension extension) {
        Set<String> names = new java.util.TreeSet<>();
        extension.methodsAnnotatedWith(Tool.class).forEach(m -> names.add(m.method().getName()));
        return names;
    }

    @SuppressWarnings("unchecked")
    private static <T> ProcessManagedBean<T> event(Class<T> beanClass, Class<? extends Annotation> scope, List<Throwable> errors) {
        Set<java.lang.reflect.Type> types = new LinkedHashSet<>();
        for (Class<?> c = beanClass; c != null; c = c.getSuperclass()) {
            types.add(c);
            types.addAll(interfacesOf(c));
        }
        return event(beanClass, scope, errors, types);
    }

    private static Set<Class<?>> interfacesOf(Class<?> c) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> i : c.getInterfaces()) {
            all.add(i);
            all.addAll(interfacesOf(i));
        }
        return all;
    }

    /**
     * A bean's event as Weld fires it: its annotated type's methods are every method each of its classes declares
     * (bridges and overridden ones included) and the default methods of its interfaces.
     */
    @SuppressWarnings("unchecked")
    private static <T> ProcessManagedBean<T> event(Class<T> beanClass, Class<? extends Annotation> scope, List<Throwable> errors,
                                                   Set<java.lang.reflect.Type> types) {
        Bean<T> bean = proxy(Bean.class, (name, args) -> switch (name) {
            case "getBeanClass" -> beanClass;
            case "getScope" -> scope;
            case "getTypes" -> types;
            default -> throw new UnsupportedOperationException(name);
        });
        List<Method> members = new ArrayList<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            members.addAll(List.of(c.getDeclaredMethods()));
        }
        interfacesOf(beanClass).forEach(i -> Arrays.stream(i.getDeclaredMethods()).filter(Method::isDefault).forEach(members::add));
        for (Class<?> c = beanClass.getSuperclass(); c != null; c = c.getSuperclass()) {
            interfacesOf(c).forEach(i -> Arrays.stream(i.getDeclaredMethods()).filter(Method::isDefault).forEach(members::add));
        }
        Set<AnnotatedMethod<? super T>> methods = new LinkedHashSet<>();
        for (Method m : new LinkedHashSet<>(members)) {
            methods.add(proxy(AnnotatedMethod.class, (name, args) -> switch (name) {
                case "getJavaMember" -> m;
                case "isAnnotationPresent" -> m.isAnnotationPresent((Class<? extends Annotation>) args[0]);
                default -> throw new UnsupportedOperationException(name);
            }));
        }
        AnnotatedType<T> type = proxy(AnnotatedType.class, (name, args) -> switch (name) {
            case "getMethods" -> methods;
            case "getJavaClass" -> beanClass;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessManagedBean.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedBeanClass" -> type;
            case "addDefinitionError" -> {
                errors.add((Throwable) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <P> P proxy(Class<?> type, Answer answer) {
        return (P) Proxy.newProxyInstance(McpBeansExtensionTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                });
    }
}
