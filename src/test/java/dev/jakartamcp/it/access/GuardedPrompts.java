package dev.jakartamcp.it.access;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Test fixture of AccessSemanticsIT: prompts, completions, resources and templates under the same rules as tools. */
@ApplicationScoped
public class GuardedPrompts {

    @Prompt(name = "guarded_prompt", description = "Needs prompt:role")
    @RolesAllowed("prompt:role")
    public String guarded(@Arg(name = "topic") String topic) {
        return "About " + topic;
    }

    @Complete(prompt = "guarded_prompt", argument = "topic")
    public List<String> guardedTopics(String partial) {
        return List.of("secret-project-x", "secret-project-y");
    }

    @Prompt(name = "open_prompt", description = "Anyone authenticated; its completer needs completer:role")
    public String open(@Arg(name = "topic") String topic) {
        return "About " + topic;
    }

    @Complete(prompt = "open_prompt", argument = "topic")
    @RolesAllowed("completer:role")
    public List<String> openTopics(String partial) {
        return List.of("weather", "news");
    }

    @Prompt(name = "denied_prompt", description = "@DenyAll")
    @DenyAll
    public String denied(@Arg(name = "topic") String topic) {
        return "never";
    }

    @Complete(prompt = "denied_prompt", argument = "topic")
    public List<String> deniedTopics(String partial) {
        return List.of("leaked");
    }

    @Prompt(name = "switched_off_prompt", description = "Switched off by mcp.prompts.switched_off_prompt.enabled=false")
    public String switchedOff() {
        return "off";
    }

    @McpResource(uri = "test://guarded", name = "guarded-resource", description = "Needs resource:role")
    @RolesAllowed("resource:role")
    public String guardedResource() {
        return "guarded";
    }

    @McpResourceTemplate(uriTemplate = "test://denied/{id}", name = "denied-template", description = "@DenyAll")
    @DenyAll
    public String deniedTemplate(@Arg(name = "id") String id) {
        return "never " + id;
    }

    @McpResourceTemplate(uriTemplate = "test://docs/{id}", name = "docs-template",
            description = "Open by annotation; mcp.resource-templates.docs-template.roles=docs:read in the deployment")
    public String docs(@Arg(name = "id") String id) {
        return "doc " + id;
    }

    @Complete(resourceTemplate = "test://docs/{id}", argument = "id")
    public List<String> docIds(String partial) {
        return List.of("1", "2");
    }
}
