package dev.jakartamcp.beans;

import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds, while the application deploys, every bean method annotated as an MCP tool, prompt, resource, resource
 * template or completion, in the WAR and in bean archives in WEB-INF/lib. The registries build their definitions
 * from what it found and fail the deployment on an invalid one.
 *
 * <p>A private instance method of a bean of a normal scope ({@code @ApplicationScoped}, {@code @RequestScoped}, ...)
 * fails the deployment: such a bean is called through its client proxy, which forwards only the methods it can
 * override, so the private method would run on the proxy itself, whose injected fields are null and whose state is
 * not the bean's.
 */
public class McpBeansExtension implements Extension {
    private static final List<Class<? extends Annotation>> MARKERS =
            List.of(Tool.class, Prompt.class, McpResource.class, McpResourceTemplate.class, Complete.class);

    private final List<DiscoveredMethod> found = new ArrayList<>();

    <T> void onManagedBean(@Observes ProcessManagedBean<T> event) {
        Class<? extends Annotation> scope = event.getBean().getScope();
        for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
            if (MARKERS.stream().anyMatch(method::isAnnotationPresent)) {
                Method member = method.getJavaMember();
                if (Modifier.isPrivate(member.getModifiers()) && !Modifier.isStatic(member.getModifiers())
                        && scope.isAnnotationPresent(NormalScope.class)) {
                    event.addDefinitionError(new DefinitionException("MCP method " + member.getDeclaringClass().getName() + "#"
                            + member.getName() + " is private in a bean of scope @" + scope.getSimpleName()
                            + ": it would run on the bean's client proxy, not on the bean; make it package-private, protected or public"));
                    continue;
                }
                found.add(new DiscoveredMethod(event.getBean(), member));
            }
        }
    }

    public List<DiscoveredMethod> methodsAnnotatedWith(Class<? extends Annotation> annotation) {
        return found.stream().filter(m -> m.method().isAnnotationPresent(annotation)).toList();
    }
}
