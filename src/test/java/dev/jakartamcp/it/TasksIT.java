package dev.jakartamcp.it;

import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}, 2026-07-28) with authorization on: slow work run as a
 * task and polled to completion, questions answered through {@code tasks/update}, cancellation that stops the work,
 * tasks invisible to every other caller, results that expire with {@code mcp.tasks.ttl}, the limits, the audit trail,
 * and what 2025 sessions get. Each test uses callers of its own.
 */
@ExtendWith(ArquillianExtension.class)
@Tag("all-servers")
class TasksIT extends AuthorizedIT {
    static final String TASKS = "io.modelcontextprotocol/tasks";
    static final Duration TTL = Duration.ofSeconds(8);
    static final int MAX_PER_CALLER = 3;
    static final int MAX_TASKS = 12;
    static final int MAX_RESULT_BYTES = 2048;
    static final String PERMISSION = "reports:run";

    @Deployment(testable = false)
    static WebArchive deployment() {
        authorizationServers();
        return McpDeployments.product(as.deploymentConfig(Map.of(
                        "mcp.tasks.ttl", "PT" + TTL.toSeconds() + "S",
                        "mcp.tasks.poll-interval", "PT0.2S",
                        "mcp.tasks.max-per-caller", String.valueOf(MAX_PER_CALLER),
                        "mcp.tasks.max", String.valueOf(MAX_TASKS),
                        "mcp.tasks.max-result-bytes", String.valueOf(MAX_RESULT_BYTES),
                        "mcp.tools.metered_wait.max-concurrent", "1")))
                .addPackage("dev.jakartamcp.it.tasks");
    }

    /** A caller of its own, holding the permission the fixture's tools need. */
    final class Caller {
        final String subject = "user-" + UUID.randomUUID();
        final McpHttpClient client;

        Caller(String... permissions) {
            client = withToken(token(subject, Duration.ofMinutes(5), permissions));
        }

        /** A request declaring the tasks extension (and elicitation). */
        ModernCall call(String method) {
            return client.modern(method).capabilities(obj("elicitation", obj(), "extensions", obj(TASKS, obj())));
        }

        ModernCall toolCall(String name, JsonObject arguments) {
            return call("tools/call").param("name", name).param("arguments", arguments);
        }

        Reply tool(String name, JsonObject arguments) {
            return toolCall(name, arguments).send();
        }

        /** Starts a task and returns its CreateTaskResult. */
        JsonObject start(String name, JsonObject arguments) {
            JsonObject created = tool(name, arguments).result();
            assertEquals("task", created.getString("resultType"), created::toString);
            return created;
        }

        Reply get(String taskId) {
            return call("tasks/get").param("taskId", taskId).send();
        }

        Reply update(String taskId, JsonObject responses) {
            return call("tasks/update").param("taskId", taskId).param("inputResponses", responses).send();
        }

        Reply cancel(String taskId) {
            return call("tasks/cancel").param("taskId", taskId).send();
        }

        /** Polls until the task satisfies {@code until}; returns every state seen, the last one satisfying it. */
        List<JsonObject> poll(String taskId, Predicate<JsonObject> until) {
            List<JsonObject> seen = new ArrayList<>();
            Instant giveUp = Instant.now().plus(TTL);
            while (Instant.now().isBefore(giveUp)) {
                JsonObject task = get(taskId).result();
                seen.add(task);
                if (until.test(task)) {
                    return seen;
                }
                sleep(100);
            }
            return fail("the task never got there; seen: " + seen);
        }

        String text(Reply toolCall) {
            return toolCall.result().getJsonArray("content").getJsonObject(0).getString("text");
        }
    }

    static Predicate<JsonObject> status(String status) {
        return t -> status.equals(t.getString("status"));
    }

    static Predicate<JsonObject> terminal() {
        return t -> List.of("completed", "failed", "cancelled").contains(t.getString("status"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void slowWorkRunsAsATaskAndIsPolledToItsResult() {
        Caller alice = new Caller(PERMISSION);
        JsonObject created = alice.start("quarterly_report", obj("millis", 1200));
        assertEquals("working", created.getString("status"));
        assertEquals(TTL.toMillis(), created.getJsonNumber("ttlMs").longValueExact());
        assertEquals(200, created.getInt("pollIntervalMs"));
        assertTrue(created.getString("taskId").matches("[A-Za-z0-9_-]{43}"), created::toString);
        for (String absent : List.of("result", "error", "inputRequests", "requestState")) {
            assertFalse(created.containsKey(absent), absent + " in " + created);
        }

        List<JsonObject> seen = alice.poll(created.getString("taskId"), terminal());
        JsonObject done = seen.get(seen.size() - 1);
        assertEquals("completed", done.getString("status"), done::toString);
        assertEquals("complete", done.getString("resultType"));
        JsonObject result = done.getJsonObject("result");
        assertFalse(result.getBoolean("isError"));
        assertEquals("Report by " + alice.subject + " after 1200 ms", result.getJsonArray("content").getJsonObject(0).getString("text"),
                "the work ran as the caller who created the task");
        assertTrue(seen.stream().anyMatch(t -> "working".equals(t.getString("status"))
                        && t.getString("statusMessage", "").matches("part [1-4] of 4 done")),
                "progress shows as the status message while it works: " + seen);
        assertEquals("part 4 of 4 done", done.getString("statusMessage"));
    }

    /** Arguments the binder refuses (a record's constructor) are answered at once, without a task to poll. */
    @Test
    void argumentsThatCannotBeBoundAreAnsweredAtOnceWithoutATask() {
        Caller alice = new Caller(PERMISSION);
        JsonObject refused = alice.tool("period_report", obj("period", obj("from", 5, "to", 1))).result();
        assertEquals("complete", refused.getString("resultType", "complete"), refused::toString);
        assertTrue(refused.getBoolean("isError"), refused::toString);
        assertTrue(refused.getJsonArray("content").getJsonObject(0).getString("text").startsWith("Invalid arguments for tool period_report"),
                refused::toString);
        assertEquals("task", alice.tool("period_report", obj("period", obj("from", 1, "to", 5))).result().getString("resultType"));
    }

    @Test
    void withoutTheExtensionTheSameToolAnswersDirectly() {
        Caller alice = new Caller(PERMISSION);
        Reply direct = alice.client.modern("tools/call").param("name", "quarterly_report").param("arguments", obj("millis", 40)).send();
        assertEquals("Report by " + alice.subject + " after 40 ms", alice.text(direct));
        assertEquals("complete", direct.result().getString("resultType"));
    }

    @Test
    void aQuestionMakesTheTaskInputRequiredUntilTasksUpdateAnswersIt() {
        Caller alice = new Caller(PERMISSION);
        String id = alice.start("approve_payment", obj("cents", 1250)).getString("taskId");
        List<JsonObject> seen = alice.poll(id, status("input_required"));
        JsonObject waiting = seen.get(seen.size() - 1);
        JsonObject requests = waiting.getJsonObject("inputRequests");
        assertEquals(1, requests.size(), waiting::toString);
        String key = requests.keySet().iterator().next();
        JsonObject question = requests.getJsonObject(key);
        assertEquals("elicitation/create", question.getString("method"));
        assertEquals("Pay 1250 cents?", question.getJsonObject("params").getString("message"));

        JsonObject ack = alice.update(id, obj(key, obj("action", "accept", "content", obj("approve", true)),
                "never-asked", obj("action", "accept"))).result();
        assertEquals("complete", ack.getString("resultType"));
        for (String absent : List.of("taskId", "status", "result", "error", "inputRequests")) {
            assertFalse(ack.containsKey(absent), absent + " in " + ack);
        }
        JsonObject done = last(alice.poll(id, terminal()));
        assertEquals("completed", done.getString("status"), done::toString);
        assertEquals("Paid 1250 cents", done.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void cancellingStopsTheWork() {
        Caller alice = new Caller(PERMISSION);
        String label = UUID.randomUUID().toString();
        String id = alice.start("count_up", obj("label", label)).getString("taskId");
        while (count(alice, label) < 5) {
            sleep(50);
        }
        JsonObject ack = alice.cancel(id).result();
        assertEquals("complete", ack.getString("resultType"));
        assertFalse(ack.containsKey("status"), ack::toString);
        JsonObject cancelled = alice.get(id).result();
        assertEquals("cancelled", cancelled.getString("status"), cancelled::toString);
        assertFalse(cancelled.containsKey("result"), cancelled::toString);

        String stopped;
        long deadline = System.nanoTime() + 10_000_000_000L; // the work's thread sees the interrupt when it is next scheduled
        do {
            sleep(100);
            stopped = alice.text(alice.call("tools/call").param("name", "count_of").param("arguments", obj("label", label)).send());
        } while (!stopped.endsWith(" interrupted") && !stopped.endsWith(" saw the cancellation") && System.nanoTime() < deadline);
        assertTrue(stopped.endsWith(" interrupted") || stopped.endsWith(" saw the cancellation"), stopped);
        sleep(500);
        assertEquals(stopped, alice.text(alice.call("tools/call").param("name", "count_of").param("arguments", obj("label", label)).send()),
                "the work does not go on after the cancellation");
        assertEquals("cancelled", alice.get(id).result().getString("status"), "a cancelled task stays cancelled");
        assertEquals("complete", alice.cancel(id).result().getString("resultType"), "cancelling again is acknowledged");
    }

    // ------------------------------------------------------------------------------------------------ the operator

    private AuthClient.Reply admin(String method, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client().uri("/mcp-admin/tasks" + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", AuthClient.bearer(token("operator", Duration.ofMinutes(5), "mcp-admin")));
        return client().send(request);
    }

    @Test
    void anOperatorListsTasksAndCancelsOneOrEveryTaskOfASubject() {
        Caller alice = new Caller(PERMISSION);
        Caller bob = new Caller(PERMISSION);
        String first = alice.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId");
        sleep(5);
        String second = alice.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId");
        String bobs = bob.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId");

        AuthClient.Reply listed = admin("GET", "?subject=" + alice.subject);
        assertEquals(200, listed.status(), listed::toString);
        List<JsonObject> tasks = listed.json().getJsonArray("tasks").getValuesAs(JsonObject.class);
        assertEquals(List.of(second, first), tasks.stream().map(t -> t.getString("taskId")).toList(), "newest first: " + listed);
        JsonObject shown = tasks.get(1);
        assertEquals(alice.subject, shown.getString("subject"));
        assertEquals(as.issuer(), shown.getString("issuer"));
        assertEquals("count_up", shown.getString("tool"));
        assertEquals("working", shown.getString("status"));
        assertTrue(Instant.parse(shown.getString("expiresAt")).isAfter(Instant.parse(shown.getString("createdAt"))), shown::toString);
        AuthClient.Reply all = admin("GET", "");
        assertTrue(all.json().getJsonArray("tasks").getValuesAs(JsonObject.class).stream().map(t -> t.getString("taskId")).toList()
                .containsAll(List.of(first, second, bobs)), all::toString);
        assertEquals(1, admin("GET", "?limit=1").json().getJsonArray("tasks").size());
        assertEquals(400, admin("GET", "?limit=0").status());
        AuthClient.Reply firstPage = admin("GET", "?subject=" + alice.subject + "&limit=1");
        assertEquals(List.of(second), firstPage.json().getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                .map(t -> t.getString("taskId")).toList(), firstPage::toString);
        AuthClient.Reply nextPage = admin("GET", "?subject=" + alice.subject + "&limit=1&cursor=" + firstPage.json().getString("nextCursor"));
        assertEquals(List.of(first), nextPage.json().getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                .map(t -> t.getString("taskId")).toList(), nextPage::toString);
        assertFalse(nextPage.json().containsKey("nextCursor"), nextPage::toString);
        assertEquals(400, admin("GET", "?cursor=garbage").status());

        AuthClient.Reply cancelled = admin("DELETE", "/" + first);
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals(obj("cancelled", 1), cancelled.json());
        JsonObject state = alice.get(first).result();
        assertEquals("cancelled", state.getString("status"), state::toString);
        assertEquals("Cancelled by the operator", state.getString("statusMessage"), state::toString);
        AuthClient.Reply again = admin("DELETE", "/" + first);
        assertEquals(409, again.status(), again::toString);
        assertEquals("conflict", again.json().getString("error"));
        assertEquals(404, admin("DELETE", "/no-such-task").status());

        AuthClient.Reply everyOfAlice = admin("DELETE", "?subject=" + alice.subject);
        assertEquals(obj("cancelled", 1), everyOfAlice.json(), everyOfAlice::toString);
        assertEquals("cancelled", alice.get(second).result().getString("status"));
        assertEquals("working", bob.get(bobs).result().getString("status"), "another subject's task goes on");
        assertEquals(400, admin("DELETE", "").status(), "never every task at once");
        assertEquals("working", bob.get(bobs).result().getString("status"));

        List<String> audited = auditLines("operator").stream().filter(l -> l.startsWith("DELETE /mcp-admin/tasks count_up")).toList();
        assertEquals(2, audited.stream().filter(l -> l.contains("outcome=OK")).count(), audited::toString);
        bob.cancel(bobs).result();
    }

    private static int count(Caller caller, String label) {
        String text = caller.text(caller.call("tools/call").param("name", "count_of").param("arguments", obj("label", label)).send());
        return Integer.parseInt(text.substring(0, text.indexOf(' ')));
    }

    // ------------------------------------------------------------------------------------------------ isolation

    @Test
    void anotherCallerGetsTheAnswerForAnUnknownTask() {
        Caller alice = new Caller(PERMISSION);
        Caller mallory = new Caller(PERMISSION);
        String id = alice.start("approve_payment", obj("cents", 99)).getString("taskId");
        alice.poll(id, status("input_required"));
        String unknown = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        for (String method : List.of("tasks/get", "tasks/update", "tasks/cancel")) {
            JsonObject foreign = errorOf(mallory, method, id);
            JsonObject missing = errorOf(mallory, method, unknown);
            assertEquals(missing.getInt("code"), foreign.getInt("code"), method);
            assertEquals(-32602, foreign.getInt("code"), method);
            assertEquals(missing.getString("message"), foreign.getString("message"), method + ": the same answer as for an unknown task");
        }
        JsonObject still = alice.get(id).result();
        assertEquals("input_required", still.getString("status"), "mallory's update and cancel changed nothing: " + still);
        String key = still.getJsonObject("inputRequests").keySet().iterator().next();
        alice.update(id, obj(key, obj("action", "decline"))).result();
        assertEquals("Not paid", last(alice.poll(id, terminal())).getJsonObject("result").getJsonArray("content")
                .getJsonObject(0).getString("text"));
        assertEquals(-32602, errorOf(mallory, "tasks/get", id).getInt("code"), "nor does the result become readable to others");
    }

    private static JsonObject errorOf(Caller caller, String method, String taskId) {
        ModernCall call = caller.call(method).param("taskId", taskId);
        if (method.equals("tasks/update")) {
            call.param("inputResponses", obj("anything", obj("action", "accept", "content", obj("approve", true))));
        }
        return call.send().assertError(200, -32602, call.id());
    }

    @Test
    void theToolsPermissionIsCheckedWhenTheTaskIsCreated() {
        Caller outsider = new Caller("channels:read");
        ModernCall call = outsider.toolCall("quarterly_report", obj("millis", 10));
        Reply refused = call.send();
        JsonObject error = refused.assertError(403, -31403, call.id());
        assertTrue(error.getString("message").contains(PERMISSION), error::toString);
        assertTrue(refused.header("WWW-Authenticate").orElse("").contains("insufficient_scope"), refused::toString);
        assertTrue(auditLines(outsider).stream().anyMatch(l -> l.startsWith("tools/call quarterly_report ") && l.contains("outcome=DENIED")),
                "the refusal is audited");
    }

    // ------------------------------------------------------------------------------------------------ lifetime and limits

    @Test
    void aTaskAndItsResultExpireWithTheTtl() {
        Caller alice = new Caller(PERMISSION);
        JsonObject created = alice.start("quarterly_report", obj("millis", 0));
        String id = created.getString("taskId");
        assertEquals("completed", last(alice.poll(id, terminal())).getString("status"));
        Instant expires = Instant.parse(created.getString("createdAt")).plusMillis(created.getJsonNumber("ttlMs").longValueExact());
        Duration untilJustBefore = Duration.between(Instant.now(), expires.minusMillis(1500));
        if (!untilJustBefore.isNegative()) {
            sleep(untilJustBefore.toMillis());
            assertEquals("completed", alice.get(id).result().getString("status"), "kept until its ttl");
        }
        sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 500);
        ModernCall gone = alice.call("tasks/get").param("taskId", id);
        gone.send().assertError(200, -32602, gone.id());
    }

    @Test
    void aTasksWorkHoldsAPlaceOfItsToolsBoundOfCallsAtOnceUntilTheWorkEnds() {
        Caller alice = new Caller(PERMISSION);
        String id = alice.start("metered_wait", obj("millis", 60_000)).getString("taskId");
        String bound = "mcp.tools.metered_wait.max-concurrent";
        LimitsIT.assertLimited(alice.client.modern("tools/call").param("name", "metered_wait").param("arguments", obj("millis", 0)).send(),
                503, -31503, bound);
        LimitsIT.assertLimited(alice.tool("metered_wait", obj("millis", 0)), 503, -31503, bound);
        assertEquals("working", alice.get(id).result().getString("status"), "the task's work still holds the place");

        alice.cancel(id).result();
        Instant giveUp = Instant.now().plusSeconds(5);
        Reply direct;
        do {
            sleep(50);
            direct = alice.client.modern("tools/call").param("name", "metered_wait").param("arguments", obj("millis", 0)).send();
        } while (direct.status() == 503 && Instant.now().isBefore(giveUp));
        assertEquals("waited", alice.text(direct), "the cancelled task's work gave its place back when it ended: " + direct);
    }

    @Test
    void aCallerHoldsAtMostItsShareOfTasks() {
        Caller alice = new Caller(PERMISSION);
        List<String> running = new ArrayList<>();
        for (int i = 0; i < MAX_PER_CALLER; i++) {
            running.add(alice.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId"));
        }
        Reply refused = alice.tool("count_up", obj("label", "one-too-many"));
        LimitsIT.assertLimited(refused, 429, -31429, "mcp.tasks.max-per-caller");
        long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
        assertTrue(retryAfter <= TTL.toSeconds(), "retry when the oldest task expires, not later: " + retryAfter);
        running.forEach(id -> alice.cancel(id).result());
        assertEquals(429, alice.tool("count_up", obj("label", "still-held")).status(),
                "cancelled tasks are held (with their state) until they expire");
        Caller bob = new Caller(PERMISSION);
        String bobs = bob.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId");
        bob.cancel(bobs).result();
    }

    @Test
    void aPrepareStepThatSwallowsItsQuestionStartsNoTask() {
        Caller alice = new Caller(PERMISSION);
        for (int i = 0; i <= MAX_PER_CALLER; i++) {
            JsonObject answer = alice.tool("careless_prepare", obj()).result();
            assertEquals("input_required", answer.getString("resultType"), answer::toString);
        }
        String id = alice.start("count_up", obj("label", UUID.randomUUID().toString())).getString("taskId");
        alice.cancel(id).result();
    }

    @Test
    void theServerHoldsAtMostItsMaximumOfTasks() {
        List<Caller> callers = new ArrayList<>();
        Reply refused = null;
        for (int i = 0; i <= MAX_TASKS && refused == null; i++) {
            if (i % MAX_PER_CALLER == 0) {
                callers.add(new Caller(PERMISSION));
            }
            Reply reply = callers.get(callers.size() - 1).tool("quarterly_report", obj("millis", 0));
            if (reply.status() != 200) {
                refused = reply;
            }
        }
        if (refused == null) {
            fail("more than mcp.tasks.max=" + MAX_TASKS + " tasks were created");
        }
        LimitsIT.assertLimited(refused, 503, -31503, "mcp.tasks.max");
        // every task made so far has expired a ttl from now: then the server takes tasks again (the next tests need it)
        sleep(TTL.toMillis() + 500);
        new Caller(PERMISSION).start("quarterly_report", obj("millis", 0));
    }

    /** Not failed: that status is only for JSON-RPC errors (tasks extension, Task Execution Errors). */
    @Test
    void aResultLargerThanATaskKeepsEndsTheTaskWithTheToolsError() {
        Caller alice = new Caller(PERMISSION);
        String id = alice.start("big_export", obj("size", MAX_RESULT_BYTES * 2)).getString("taskId");
        JsonObject done = last(alice.poll(id, terminal()));
        assertEquals("completed", done.getString("status"), done::toString);
        assertFalse(done.containsKey("error"), done::toString);
        JsonObject result = done.getJsonObject("result");
        assertTrue(result.getBoolean("isError"), done::toString);
        String text = result.getJsonArray("content").getJsonObject(0).getString("text");
        assertTrue(text.startsWith("Tool big_export answered, but the task's result of ") && text.endsWith(" bytes is larger than the "
                + MAX_RESULT_BYTES + " bytes a task keeps (mcp.tasks.max-result-bytes)"), text);
        String small = alice.start("big_export", obj("size", 100)).getString("taskId");
        assertEquals("completed", last(alice.poll(small, terminal())).getString("status"));
    }

    @Test
    void aToolThatOnlyRunsAsATaskNeedsTheExtension() {
        Caller alice = new Caller(PERMISSION);
        ModernCall call = alice.client.modern("tools/call").param("name", "count_up").param("arguments", obj("label", "x"));
        JsonObject error = call.send().assertError(400, -32021, call.id());
        assertTrue(error.getJsonObject("data").getJsonObject("requiredCapabilities").getJsonObject("extensions").containsKey(TASKS), error::toString);
        ModernCall get = alice.client.modern("tasks/get").param("taskId", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        get.send().assertError(400, -32021, get.id());
    }

    // ------------------------------------------------------------------------------------------------ audit, discovery, 2025

    @Test
    void creationAndEndOfATaskAreAudited() {
        Caller alice = new Caller(PERMISSION);
        String id = alice.start("quarterly_report", obj("millis", 0)).getString("taskId");
        alice.poll(id, terminal());
        alice.cancel(id).result();
        List<String> lines = auditLines(alice);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tools/call quarterly_report by=" + alice.subject + " ")
                && l.contains("protocol=2026-07-28") && l.contains("outcome=TASK_CREATED")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("task quarterly_report by=" + alice.subject + " ") && l.contains("outcome=OK")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("tasks/cancel quarterly_report by=" + alice.subject + " ")), lines::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains(id)), "task ids stay out of the audit trail");
    }

    private List<String> auditLines(Caller caller) {
        return auditLines(caller.subject);
    }

    private List<String> auditLines(String subject) {
        Caller reader = new Caller(PERMISSION);
        JsonObject result = reader.client.modern("tools/call").param("name", "audit_lines").param("arguments", obj("subject", subject))
                .send().result();
        return result.getJsonArray("content").stream().map(v -> ((JsonObject) v).getString("text")).toList();
    }

    @Test
    void discoveryAdvertisesTheExtension() {
        JsonObject capabilities = new Caller().client.modern("server/discover").send().result().getJsonObject("capabilities");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, capabilities.getJsonObject("extensions").getJsonObject(TASKS), capabilities::toString);
        assertFalse(capabilities.containsKey("tasks"), "no 2025-11-25 tasks capability");
    }

    @Test
    void taskNotificationsNeedTheExtensionAndAreNotPromised() {
        Caller alice = new Caller(PERMISSION);
        String id = alice.start("quarterly_report", obj("millis", 0)).getString("taskId");
        ModernCall undeclared = alice.client.modern("subscriptions/listen").accept("text/event-stream")
                .param("notifications", obj("taskIds", McpHttpClient.arr(id)));
        JsonObject error = undeclared.send().assertError(400, -32021, undeclared.id());
        assertTrue(error.getJsonObject("data").getJsonObject("requiredCapabilities").getJsonObject("extensions").containsKey(TASKS));

        ModernCall declared = alice.call("subscriptions/listen").accept("text/event-stream")
                .param("notifications", obj("taskIds", McpHttpClient.arr(id), "toolsListChanged", true));
        try (McpHttpClient.Streamed listen = declared.open()) {
            JsonObject ack = listen.events().nextMessage(Duration.ofSeconds(10));
            assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"));
            assertEquals(obj("toolsListChanged", true), ack.getJsonObject("params").getJsonObject("notifications"),
                    "no task status notifications are promised: clients poll");
        }
    }

    @Test
    void sessionsOf2025RevisionsHaveNoTasks() {
        Caller alice = new Caller(PERMISSION);
        LegacySession session = alice.client.initialize(McpHttpClient.V2025_11_25,
                obj("elicitation", obj(), "extensions", obj(TASKS, obj())));
        assertFalse(session.initializeResult().getJsonObject("capabilities").containsKey("extensions"), session.initializeResult()::toString);
        assertFalse(session.initializeResult().getJsonObject("capabilities").containsKey("tasks"));
        JsonObject direct = session.call("tools/call", obj("name", "quarterly_report", "arguments", obj("millis", 10),
                "task", obj("ttl", 60000)));
        assertEquals("Report by " + alice.subject + " after 10 ms", ((JsonString) direct.getJsonArray("content").getJsonObject(0).get("text")).getString());
        assertFalse(direct.containsKey("task"));
        JsonValue getId = Json.createValue(alice.client.nextId());
        session.post(session.request(getId, "tasks/get", obj("taskId", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).send()
                .assertError(200, -32601, getId);
        // a tool that is a task where tasks exist answers directly here (2025-11-25: a server that declared no tasks
        // processes the request normally; -32021 is no error of those revisions)
        JsonObject required = session.call("tools/call", obj("name", "big_export", "arguments", obj("size", 100)));
        assertFalse(required.getBoolean("isError"), required::toString);
        assertEquals(100, ((JsonString) required.getJsonArray("content").getJsonObject(0).get("text")).getString().length(), required::toString);
        assertFalse(required.containsKey("task"), required::toString);
        session.delete().send();
    }

    private static JsonObject last(List<JsonObject> seen) {
        return seen.get(seen.size() - 1);
    }
}
