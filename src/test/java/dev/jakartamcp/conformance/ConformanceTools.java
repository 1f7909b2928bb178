package dev.jakartamcp.conformance;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.AudioContent;
import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.EmbeddedResource;
import dev.jakartamcp.api.ImageContent;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.ResourceContents;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolException;
import dev.jakartamcp.api.ToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tools the official conformance suite calls (names and behaviour from its scenarios). Test code: deployed only
 * for the conformance run, never part of the product WAR.
 */
@ApplicationScoped
public class ConformanceTools {
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=";

    @Tool(name = "test_simple_text", description = "Returns a simple text response")
    public String simpleText() {
        return "This is a simple text response for testing.";
    }

    @Tool(name = "test_image_content", description = "Returns an image")
    public ImageContent image() {
        return new ImageContent(PNG, "image/png");
    }

    @Tool(name = "test_audio_content", description = "Returns audio")
    public AudioContent audio() {
        return new AudioContent(WAV, "audio/wav");
    }

    @Tool(name = "test_embedded_resource", description = "Returns an embedded resource")
    public EmbeddedResource embedded() {
        return new EmbeddedResource(new ResourceContents.Text("test://embedded-resource", "text/plain", "This is an embedded resource content."));
    }

    @Tool(name = "test_multiple_content_types", description = "Returns text, an image and a resource")
    public ToolResult mixed() {
        return ToolResult.of(new TextContent("Multiple content types test:"), new ImageContent(PNG, "image/png"),
                new EmbeddedResource(new ResourceContents.Text("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")));
    }

    @Tool(name = "test_error_handling", description = "Always fails with a tool error")
    public String error() {
        throw new ToolException("This tool intentionally returns an error for testing");
    }

    @Tool(name = "test_tool_with_progress", description = "Reports progress 0, 50, 100")
    public String progress(McpContext context) throws InterruptedException {
        for (int p = 0; p <= 100; p += 50) {
            context.progress(p, 100.0, "step " + p);
            Thread.sleep(50);
        }
        return "Progress completed";
    }

    @Tool(name = "test_tool_with_logging", description = "Sends three log messages while running")
    public String logging(McpContext context) throws InterruptedException {
        context.log(LogLevel.INFO, "Tool execution started");
        Thread.sleep(50);
        context.log(LogLevel.INFO, "Tool processing data");
        Thread.sleep(50);
        context.log(LogLevel.INFO, "Tool execution completed");
        return "Logging completed";
    }

    @Tool(name = "test_sampling", description = "Asks the client's model")
    public String sampling(@Arg(description = "The prompt to send") String prompt, McpContext context) {
        JsonObject result = context.sample(InputRequest.sampling(prompt, 100).params());
        JsonObject content = result.getJsonObject("content");
        return "LLM response: " + (content == null ? result.toString() : content.getString("text", content.toString()));
    }

    @Tool(name = "test_elicitation", description = "Asks the user for information")
    public String elicitation(@Arg(description = "The message to show the user") String message, McpContext context) {
        JsonObject schema = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder()
                        .add("username", Json.createObjectBuilder().add("type", "string").add("description", "Your username"))
                        .add("email", Json.createObjectBuilder().add("type", "string").add("description", "Your email")))
                .add("required", Json.createArrayBuilder().add("username").add("email")).build();
        ElicitResult answer = context.elicit(message, schema);
        return "User response: action=" + answer.action() + ", content=" + answer.content();
    }

    @Tool(name = "test_elicitation_sep1034_defaults", description = "Elicitation whose schema has defaults")
    public String elicitationDefaults(McpContext context) {
        JsonObject schema = Json.createObjectBuilder().add("type", "object").add("properties", Json.createObjectBuilder()
                .add("name", Json.createObjectBuilder().add("type", "string").add("default", "John Doe"))
                .add("age", Json.createObjectBuilder().add("type", "integer").add("default", 30))
                .add("score", Json.createObjectBuilder().add("type", "number").add("default", 95.5))
                .add("status", Json.createObjectBuilder().add("type", "string")
                        .add("enum", Json.createArrayBuilder().add("active").add("inactive").add("pending")).add("default", "active"))
                .add("verified", Json.createObjectBuilder().add("type", "boolean").add("default", true))).build();
        ElicitResult answer = context.elicit("Please review and update the form fields with defaults", schema);
        return "Elicitation completed: action=" + answer.action() + ", content=" + answer.content();
    }

    @Tool(name = "test_elicitation_sep1330_enums", description = "Elicitation with every enum schema form")
    public String elicitationEnums(McpContext context) {
        JsonObject schema = Json.createObjectBuilder().add("type", "object").add("properties", Json.createObjectBuilder()
                .add("untitledSingle", Json.createObjectBuilder().add("type", "string")
                        .add("enum", Json.createArrayBuilder().add("option1").add("option2").add("option3")))
                .add("titledSingle", Json.createObjectBuilder().add("type", "string").add("oneOf", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("const", "value1").add("title", "First Option"))
                        .add(Json.createObjectBuilder().add("const", "value2").add("title", "Second Option"))))
                .add("legacyEnum", Json.createObjectBuilder().add("type", "string")
                        .add("enum", Json.createArrayBuilder().add("opt1").add("opt2"))
                        .add("enumNames", Json.createArrayBuilder().add("Option One").add("Option Two")))
                .add("untitledMulti", Json.createObjectBuilder().add("type", "array").add("items", Json.createObjectBuilder()
                        .add("type", "string").add("enum", Json.createArrayBuilder().add("option1").add("option2"))))
                .add("titledMulti", Json.createObjectBuilder().add("type", "array").add("items", Json.createObjectBuilder()
                        .add("anyOf", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("const", "value1").add("title", "First Choice"))
                                .add(Json.createObjectBuilder().add("const", "value2").add("title", "Second Choice")))))).build();
        ElicitResult answer = context.elicit("Please select options", schema);
        return "Elicitation completed: action=" + answer.action() + ", content=" + answer.content();
    }

    @Tool(name = "test_missing_capability", description = "Needs the sampling capability of the client")
    public String missingCapability(McpContext context) {
        JsonObject answer = context.ask(Map.of("llm_answer", InputRequest.sampling("What is 2 + 2?", 10))).get("llm_answer");
        return "Sampled: " + answer;
    }

    @Tool(name = "test_streaming_elicitation", description = "Returns a result without sending requests on the stream")
    public String streamingElicitation() {
        return "stream observed: result frames only, no top-level requests";
    }

    @Tool(name = "test_logging_tool", description = "Logs only when the request asked for a log level")
    public String loggingTool(McpContext context) {
        context.log(LogLevel.INFO, "this message is sent only when the request set a log level");
        return "logged through the request-scoped, logLevel-gated channel";
    }

    @Tool(name = "test_input_required_result_elicitation", description = "Asks for the user's name (multi round-trip)")
    public String mrtrElicitation(McpContext context) {
        JsonObject answer = context.ask(Map.of("user_name", nameQuestion("What is your name?"))).get("user_name");
        return "Hello, " + content(answer).getString("name", "stranger") + "!";
    }

    @Tool(name = "test_input_required_result_sampling", description = "Asks the client's model (multi round-trip)")
    public String mrtrSampling(McpContext context) {
        JsonObject answer = context.ask(Map.of("capital_question", InputRequest.sampling("What is the capital of France?", 100))).get("capital_question");
        return "The model said: " + answer.getJsonObject("content");
    }

    @Tool(name = "test_input_required_result_list_roots", description = "Asks for the client's roots (multi round-trip)")
    public String mrtrRoots(McpContext context) {
        JsonObject answer = context.ask(Map.of("client_roots", InputRequest.roots())).get("client_roots");
        return "Roots: " + answer.get("roots");
    }

    @Tool(name = "test_input_required_result_request_state", description = "Asks for a confirmation with request state")
    public String mrtrRequestState(McpContext context) {
        context.ask(Map.of("confirm", confirmQuestion()));
        return "state-ok";
    }

    @Tool(name = "test_input_required_result_multiple_inputs", description = "Asks three things at once")
    public String mrtrMultiple(McpContext context) {
        Map<String, InputRequest> questions = new LinkedHashMap<>();
        questions.put("user_name", nameQuestion("What is your name?"));
        questions.put("greeting", InputRequest.sampling("Generate a greeting", 50));
        questions.put("client_roots", InputRequest.roots());
        Map<String, JsonObject> answers = context.ask(questions);
        return "Got " + answers.keySet();
    }

    @Tool(name = "test_input_required_result_multi_round", description = "Asks two questions in two rounds")
    public String mrtrMultiRound(McpContext context) {
        String name = content(context.ask(Map.of("step1", nameQuestion("Step 1: What is your name?"))).get("step1")).getString("name", "");
        JsonObject colorSchema = Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("color", Json.createObjectBuilder().add("type", "string")))
                .add("required", Json.createArrayBuilder().add("color")).build();
        String color = content(context.ask(Map.of("step2", InputRequest.elicitation("Step 2: What is your favorite color?", colorSchema)))
                .get("step2")).getString("color", "");
        return name + " likes " + color;
    }

    @Tool(name = "test_input_required_result_tampered_state", description = "Rejects request state that was altered")
    public String mrtrTampered(McpContext context) {
        context.ask(Map.of("confirm", confirmQuestion()));
        return "confirmed";
    }

    @Tool(name = "test_input_required_result_capabilities", description = "Asks only what the client can answer")
    public String mrtrCapabilities(McpContext context) {
        Map<String, InputRequest> questions = new LinkedHashMap<>();
        if (context.clientCapabilities().containsKey("elicitation")) {
            questions.put("user_name", nameQuestion("What is your name?"));
        }
        if (context.clientCapabilities().containsKey("sampling")) {
            questions.put("greeting", InputRequest.sampling("Generate a short greeting", 50));
        }
        if (questions.isEmpty()) {
            return "The client supports neither elicitation nor sampling";
        }
        return "Got " + context.ask(questions).keySet();
    }

    static InputRequest nameQuestion(String message) {
        return InputRequest.elicitation(message, Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("name", Json.createObjectBuilder().add("type", "string")))
                .add("required", Json.createArrayBuilder().add("name")).build());
    }

    static InputRequest confirmQuestion() {
        return InputRequest.elicitation("Please confirm", Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("ok", Json.createObjectBuilder().add("type", "boolean")))
                .add("required", Json.createArrayBuilder().add("ok")).build());
    }

    static JsonObject content(JsonObject elicitResult) {
        JsonObject content = elicitResult.getJsonObject("content");
        return content == null ? JsonObject.EMPTY_JSON_OBJECT : content;
    }
}
