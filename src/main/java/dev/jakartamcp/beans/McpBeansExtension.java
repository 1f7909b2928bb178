package dev.jakartamcp.beans;

import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds, while the application deploys, every bean method annotated as an MCP tool, prompt, resource, resource
 * template or completion, in the WAR and in bean archives in WEB-INF/lib. The registries build their definitions
 * from what it found and fail the deployment on an invalid one.
 */
public class McpBeansExtension implements Extension {
    private static final List<Class<? extends Annotation>> MARKERS =
            List.of(Tool.class, Prompt.class, McpResource.class, McpResourceTemplate.class, Complete.class);

    private final List<DiscoveredMethod> found = new ArrayList<>();

    <T> void onManagedBean(@Observes ProcessManagedBean<T> event) {
        for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
            if (MARKERS.stream().anyMatch(method::isAnnotationPresent)) {
                found.add(new DiscoveredMethod(event.getBean(), method.getJavaMember()));
            }
        }
    }

    public List<DiscoveredMethod> methodsAnnotatedWith(Class<? extends Annotation> annotation) {
        return found.stream().filter(m -> m.method().isAnnotationPresent(annotation)).toList();
    }
}
