package dev.jakartamcp.conformance;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Complete;
import dev.jakartamcp.api.EmbeddedResource;
import dev.jakartamcp.api.ImageContent;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.McpResource;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptMessage;
import dev.jakartamcp.api.ResourceContents;
import dev.jakartamcp.api.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The resources, prompts and completions the conformance suite uses. */
@ApplicationScoped
public class ConformanceResources {

    @McpResource(uri = "test://static-text", name = "static-text", description = "A static text resource", mimeType = "text/plain")
    public String staticText() {
        return "This is the content of the static text resource.";
    }

    @McpResource(uri = "test://static-binary", name = "static-binary", description = "A static binary resource", mimeType = "image/png")
    public byte[] staticBinary() {
        return Base64.getDecoder().decode(ConformanceTools.PNG);
    }

    @McpResource(uri = "test://watched-resource", name = "watched-resource", description = "A resource clients can subscribe to")
    public String watched() {
        return "Watched resource content";
    }

    @McpResourceTemplate(uriTemplate = "test://template/{id}/data", name = "template", description = "Data for an id", mimeType = "application/json")
    public String template(@Arg(name = "id") String id) {
        return "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}";
    }

    @Prompt(name = "test_simple_prompt", description = "A simple prompt without arguments")
    public String simplePrompt() {
        return "This is a simple prompt for testing.";
    }

    @Prompt(name = "test_prompt_with_arguments", description = "A prompt with two required arguments")
    public String promptWithArguments(@Arg(description = "First test argument") String arg1,
                                      @Arg(description = "Second test argument") String arg2) {
        return "Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'";
    }

    @Prompt(name = "test_prompt_with_embedded_resource", description = "A prompt that embeds a resource")
    public List<PromptMessage> promptWithResource(@Arg(description = "URI of the resource to embed") String resourceUri) {
        return List.of(new PromptMessage(Role.USER, new EmbeddedResource(
                        new ResourceContents.Text(resourceUri, "text/plain", "Embedded resource content for testing."))),
                PromptMessage.user("Please process the embedded resource above."));
    }

    @Prompt(name = "test_prompt_with_image", description = "A prompt with an image")
    public List<PromptMessage> promptWithImage() {
        return List.of(new PromptMessage(Role.USER, new ImageContent(ConformanceTools.PNG, "image/png")),
                PromptMessage.user("Please analyze the image above."));
    }

    @Prompt(name = "test_input_required_result_prompt", description = "Asks the user for context before rendering")
    public String promptNeedingInput(McpContext context) {
        var answer = context.ask(Map.of("user_context", InputRequest.elicitation("What context should the prompt use?",
                Json.createObjectBuilder().add("type", "object")
                        .add("properties", Json.createObjectBuilder().add("context", Json.createObjectBuilder().add("type", "string")))
                        .add("required", Json.createArrayBuilder().add("context")).build()))).get("user_context");
        return "Use this context: " + ConformanceTools.content(answer).getString("context", "");
    }

    @Complete(prompt = "test_prompt_with_arguments", argument = "arg1")
    public List<String> completeArg1(String partial) {
        return Stream.of("paris", "park", "party", "test", "testing").filter(v -> v.startsWith(partial)).toList();
    }
}
