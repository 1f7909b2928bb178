package dev.jakartamcp.conformance;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.InputRequest;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.api.TaskWork;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolException;
import dev.jakartamcp.protocol.ErrorCode;
import dev.jakartamcp.protocol.McpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tools the conformance suite's {@code tasks-*} scenarios call (names and behaviour from the scenarios, see
 * {@code tasks-conformance.md}). Test code: deployed only for the conformance run and the tasks ITs.
 */
@ApplicationScoped
public class ConformanceTaskTools {

    @Tool(name = "greet", description = "Greets someone at once (never a task)")
    public String greet(@Arg(description = "Who to greet") String name) {
        return "Hello, " + name + "!";
    }

    @Tool(name = "slow_compute", description = "Works for the given number of seconds, then answers",
            task = TaskSupport.OPTIONAL, readOnly = true, destructive = false)
    public String slowCompute(@Arg(description = "How long to work") int seconds,
                              @Arg(description = "A name for the result") Optional<String> label,
                              McpContext context) throws InterruptedException {
        for (int second = 0; second < seconds; second++) {
            context.progress(second, (double) seconds, "second " + (second + 1) + " of " + seconds);
            for (int tenth = 0; tenth < 10; tenth++) {
                if (context.isCancelled()) {
                    return "Stopped " + label.orElse("computation") + " after " + second + " s";
                }
                Thread.sleep(100);
            }
        }
        return "Computed " + label.orElse("result") + " in " + seconds + " s";
    }

    @Tool(name = "failing_job", description = "Always ends with a tool error after a second; only as a task",
            task = TaskSupport.REQUIRED)
    public String failingJob() throws InterruptedException {
        Thread.sleep(1000);
        throw new ToolException("The job failed: the input could not be processed");
    }

    @Tool(name = "protocol_error_job", description = "Always ends with a JSON-RPC internal error", task = TaskSupport.OPTIONAL)
    public String protocolErrorJob() throws InterruptedException {
        Thread.sleep(300);
        throw new McpException(ErrorCode.INTERNAL_ERROR, "The job's backend failed");
    }

    @Tool(name = "confirm_delete", description = "Deletes a file after the user confirmed it", task = TaskSupport.OPTIONAL)
    public String confirmDelete(@Arg(description = "The file to delete") String filename, McpContext context) {
        ElicitResult answer = context.elicit("Delete " + filename + "?", confirmSchema());
        boolean confirmed = answer.accepted() && answer.content() != null && answer.content().getBoolean("confirm", false);
        return confirmed ? "Deleted " + filename : "Kept " + filename;
    }

    @Tool(name = "multi_input", description = "Asks two questions at once", task = TaskSupport.OPTIONAL)
    public String multiInput(McpContext context) {
        Map<String, InputRequest> questions = new LinkedHashMap<>();
        questions.put("first_person", InputRequest.elicitation("Who is first?", nameAndConfirmSchema()));
        questions.put("second_person", InputRequest.elicitation("Who is second?", nameAndConfirmSchema()));
        Map<String, JsonObject> answers = context.ask(questions);
        return "Got " + ConformanceTools.content(answers.get("first_person")).getString("name", "?") + " and "
                + ConformanceTools.content(answers.get("second_person")).getString("name", "?");
    }

    /** Asks for the user's name within the call (multi round-trip), then greets in a task. */
    @Tool(name = "test_tool_with_task", description = "Asks for a name, then works as a task", task = TaskSupport.REQUIRED)
    public TaskWork<String> greetLater(McpContext context) {
        JsonObject answer = context.ask(Map.of("user_name", ConformanceTools.nameQuestion("What is your name?"))).get("user_name");
        String name = ConformanceTools.content(answer).getString("name", "stranger");
        return task -> {
            Thread.sleep(200);
            return "Hello, " + name + ", from a task!";
        };
    }

    /** Not a conformance fixture: what ConformanceIT has MCP Inspector run (only as a task, so the output proves one ran). */
    @Tool(name = "report_as_task", description = "Builds a report; only as a task", task = TaskSupport.REQUIRED,
            readOnly = true, destructive = false)
    public String reportAsTask(McpContext context) throws InterruptedException {
        for (int part = 1; part <= 3; part++) {
            Thread.sleep(300);
            context.progress(part, 3.0, "part " + part + " of 3");
        }
        return "Report ready (ran as a task)";
    }

    static JsonObject confirmSchema() {
        return Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("confirm", Json.createObjectBuilder().add("type", "boolean")))
                .add("required", Json.createArrayBuilder().add("confirm")).build();
    }

    static JsonObject nameAndConfirmSchema() {
        return Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder()
                        .add("name", Json.createObjectBuilder().add("type", "string"))
                        .add("confirm", Json.createObjectBuilder().add("type", "boolean")))
                .add("required", Json.createArrayBuilder().add("name")).build();
    }
}
