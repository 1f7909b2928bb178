package dev.jakartamcp.it.tasks;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.api.TaskWork;
import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test fixture of TasksIT: tools that run as tasks, and a way to watch work that runs in the background. */
@ApplicationScoped
public class TaskFixtureTools {
    /** Steps each counting run has made, by its label; a run that saw the cancellation adds "stopped". */
    private final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();
    private final Map<String, String> endings = new ConcurrentHashMap<>();

    @Tool(name = "quarterly_report", description = "Builds a report for a while, reporting progress",
            task = TaskSupport.OPTIONAL, readOnly = true, destructive = false)
    @RolesAllowed("reports:run")
    public String quarterlyReport(@Arg(description = "Milliseconds of work") int millis, McpContext context) throws InterruptedException {
        int parts = 4;
        for (int part = 1; part <= parts; part++) {
            Thread.sleep(millis / parts);
            context.progress(part, (double) parts, "part " + part + " of " + parts + " done");
        }
        return "Report by " + context.subject() + " after " + millis + " ms";
    }

    @Tool(name = "approve_payment", description = "Pays after the user approved", task = TaskSupport.OPTIONAL)
    @RolesAllowed("reports:run")
    public String approvePayment(@Arg(description = "Amount in cents") int cents, McpContext context) {
        ElicitResult answer = context.elicit("Pay " + cents + " cents?", Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add("approve", Json.createObjectBuilder().add("type", "boolean")))
                .add("required", Json.createArrayBuilder().add("approve")).build());
        boolean approved = answer.accepted() && answer.content() != null && answer.content().getBoolean("approve", false);
        return approved ? "Paid " + cents + " cents" : "Not paid";
    }

    /** Asks in its prepare step but swallows the request for input (an author's catch-all), then offers work anyway. */
    @Tool(name = "careless_prepare", description = "Asks before it starts, swallowing the request for input", task = TaskSupport.REQUIRED)
    @RolesAllowed("reports:run")
    public TaskWork<String> carelessPrepare(McpContext context) {
        try {
            context.elicit("Start?", Json.createObjectBuilder().add("type", "object")
                    .add("properties", Json.createObjectBuilder().add("start", Json.createObjectBuilder().add("type", "boolean"))).build());
        } catch (RuntimeException swallowed) {
            // the question is still pending: the server asks the client all the same
        }
        return task -> "started without an answer";
    }

    @Tool(name = "count_up", description = "Counts until it is cancelled", task = TaskSupport.REQUIRED)
    @RolesAllowed("reports:run")
    public String countUp(@Arg(description = "Names this run") String label, McpContext context) {
        AtomicInteger counter = steps.computeIfAbsent(label, l -> new AtomicInteger());
        try {
            while (!context.isCancelled()) {
                counter.incrementAndGet();
                Thread.sleep(50);
            }
            endings.put(label, "saw the cancellation");
        } catch (InterruptedException e) {
            endings.put(label, "interrupted");
        }
        return "counted to " + counter.get();
    }

    @Tool(name = "metered_wait", description = "Waits the given time or until cancelled; TasksIT lets one run at once",
            task = TaskSupport.OPTIONAL)
    @RolesAllowed("reports:run")
    public String meteredWait(@Arg(description = "Milliseconds to wait at most") int millis, McpContext context) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!context.isCancelled() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return "waited";
    }

    @Tool(name = "count_of", description = "How far a counting run got, and how it ended", readOnly = true, destructive = false)
    @RolesAllowed("reports:run")
    public String countOf(@Arg(description = "The run's label") String label) {
        AtomicInteger counter = steps.get(label);
        return (counter == null ? 0 : counter.get()) + " " + endings.getOrDefault(label, "running");
    }

    /** A period whose record refuses an end before its start, which no JSON Schema says. */
    public record Period(int from, int to) {
        public Period {
            if (from > to) {
                throw new IllegalArgumentException("from must not be after to");
            }
        }
    }

    @Tool(name = "period_report", description = "Reports on a period", task = TaskSupport.OPTIONAL, readOnly = true, destructive = false)
    @RolesAllowed("reports:run")
    public String periodReport(@Arg(description = "The period") Period period) {
        return "report " + period.from() + "-" + period.to();
    }

    @Tool(name = "big_export", description = "Returns more than a task may keep", task = TaskSupport.REQUIRED)
    @RolesAllowed("reports:run")
    public String bigExport(@Arg(description = "Characters to return") int size) {
        return "x".repeat(size);
    }
}
