package dev.jakartamcp.it;

import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.e2e.PayaraMicro;
import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.ModernCall;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import dev.jakartamcp.it.fixture.TransportFixtureTools;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jakartamcp.it.McpHttpClient.V2025_11_25;
import static dev.jakartamcp.it.McpHttpClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graceful drain on a real shutdown: Payara Micro runs the WAR as an operator starts it and gets SIGTERM (what
 * a container orchestrator sends) while a tool call runs and two long-lived streams are open. The streams end at once
 * with a last event (the 2025-11-25 GET stream an event with {@code retry}, the 2026-07-28 subscription its
 * graceful-closure result), the running call finishes and is answered within {@code mcp.drain.grace}, and any request
 * that still reaches the server meanwhile gets 503 as a JSON-RPC error, never a container page, except those that only
 * follow running work: the client of a 2025 call waiting for its answer gives it, and the client of a 2026-07-28 task
 * whose work waits for its answer gives it by {@code tasks/update} and polls the result by {@code tasks/get}, while the
 * server drains (Payara refuses them with its own 503 first, which the error page hands back to the endpoint). A call still running when the grace runs out is
 * answered with -32603, not cut off without an answer. Before that, Payara
 * Micro's own {@code /health} and {@code /metrics} answer next to the WAR at context root "/". Tag
 * {@code payara-micro}: on Payara Micro 6 and 7 ({@code payara.microJar}); Liberty's drain, which its quiesce shapes,
 * is {@code LibertySmokeIT}'s.
 */
@Tag("payara-micro")
class DrainIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A request sent this long before the running call's answer came was sent while the drain still waited. */
    private static final long DRAIN_END_MARGIN_MS = 300;
    private static final long QUICK_MS = 1000;
    /** How long the running call takes: the drain waits for it while the task's client answers and polls. */
    private static final int SLOW_CALL_MS = 6000;
    /** {@code mcp.drain.grace}: longer than the running call, shorter than the call the drain cuts off. */
    private static final int GRACE_SECONDS = 10;

    @Test
    void onShutdownStreamsEndWithALastEventRunningCallsFinishAndNewRequestsGet503() throws Exception {
        WebArchive war = McpDeployments.product(Map.of("mcp.drain.grace", "PT" + GRACE_SECONDS + "S", "mcp.sse.keep-alive", "PT1S"))
                .addPackage(TransportFixtureTools.class.getPackage()).addPackage("dev.jakartamcp.it.tasks");
        Path dir = BuildOutput.fresh("drain", "run-");
        Path warFile = dir.resolve("drain.war");
        war.as(ZipExporter.class).exportTo(warFile.toFile(), true);
        Path log = dir.resolve("payara.log");
        int port = Http.freePort();
        List<String> command = PayaraMicro.command(Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")),
                List.of(), Map.of(), Path.of("server-config/payara/preboot-loopback.txt"), port, warFile);
        ChildProcess server = ChildProcess.start("Payara Micro", command, dir, Map.of(), log);
        Process payara = server.process();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!Files.readString(log).contains("ready in") && payara.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(Files.readString(log).contains("ready in"), "Payara Micro did not come up: " + Files.readString(log));
            McpHttpClient mcp = new McpHttpClient(URI.create("http://127.0.0.1:" + port + "/mcp"));
            AuthClient http = new AuthClient("http://127.0.0.1:" + port);
            for (String path : List.of("/health", "/health/ready", "/health/live")) {
                AuthClient.Reply health = http.get(path, null);
                assertEquals(200, health.status(), path + ", Payara's own next to the WAR at /: " + health);
                assertEquals("UP", health.json().getString("status"), health::toString);
            }
            AuthClient.Reply metrics = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/metrics")).header("Accept", "text/plain").GET());
            assertEquals(200, metrics.status(), "Payara's own /metrics next to the WAR at /: " + metrics);

            LegacySession session = mcp.initialize(V2025_11_25);
            Streamed getStream = session.get().open();
            SseEvent priming = getStream.events().nextEvent(WAIT);
            assertTrue(priming.isEmptyData(), "priming event");
            Streamed listen = mcp.modern("subscriptions/listen").id(Json.createValue("drain-listen"))
                    .param("notifications", obj("toolsListChanged", true)).open();
            assertEquals("notifications/subscriptions/acknowledged", listen.events().nextMessage(WAIT).getString("method"));

            // a 2025 call that waits for its client's answer, on its POST's stream
            jakarta.json.JsonValue paymentId = Json.createValue("drain-payment");
            Streamed payment = session.post(session.request(paymentId, "tools/call",
                    obj("name", "approve_payment", "arguments", obj("cents", 99)))).open();
            JsonObject paymentQuestion = payment.events().nextMessage(WAIT);
            assertEquals("elicitation/create", paymentQuestion.getString("method"), paymentQuestion::toString);

            // a task whose work waits for its client's answer
            String taskId = tasks(mcp, "tools/call").param("name", "approve_payment").param("arguments", obj("cents", 1250))
                    .send().result().getString("taskId");
            JsonObject asking = pollTask(mcp, taskId, "input_required");
            String question = asking.getJsonObject("inputRequests").keySet().iterator().next();

            ModernCall slow = mcp.modern("tools/call").param("name", "test_slow")
                    .param("arguments", obj("label", "drain", "millis", SLOW_CALL_MS));
            // a call that outlasts the grace
            ModernCall endless = mcp.modern("tools/call").param("name", "test_slow")
                    .param("arguments", obj("label", "drain-cut", "millis", 120_000));
            CompletableFuture<Reply> cut = CompletableFuture.supplyAsync(endless::send);
            SlowCallStatus.await(mcp, "drain-cut", "running", Duration.ofSeconds(20), "the test_slow call drain-cut runs on the server");
            CompletableFuture<Reply> running = CompletableFuture.supplyAsync(slow::send);
            SlowCallStatus.await(mcp, "drain", "running", Duration.ofSeconds(20), "the test_slow call drain runs on the server");

            long stopAt = System.nanoTime();
            payara.destroy();
            List<String> answersDuringDrain = new ArrayList<>();
            List<Long> sentAt = new ArrayList<>();
            List<Long> answeredAt = new ArrayList<>();
            CompletableFuture<Void> prober = CompletableFuture.runAsync(() -> {
                while (payara.isAlive() && answersDuringDrain.size() < 200) {
                    sentAt.add(System.nanoTime());
                    try {
                        ModernCall discover = mcp.modern("server/discover");
                        Reply reply = discover.send();
                        answersDuringDrain.add(reply.status() == 503 && reply.body().isBlank() ? "503 bare"
                                : reply.status() + " " + reply.contentType()
                                + reply.headers().firstValue("Retry-After").map(r -> " Retry-After " + r).orElse("") + " " + reply.body());
                    } catch (RuntimeException | AssertionError e) {
                        answersDuringDrain.add("no answer: " + e.getClass().getSimpleName());
                    }
                    answeredAt.add(System.nanoTime());
                    sleep(100);
                }
            });

            // while the drain waits (for the calls and the task), their clients answer them, and read the task's result
            awaitDrainBegun(mcp);
            session.post(obj("jsonrpc", "2.0", "id", paymentQuestion.get("id"), "result",
                    obj("action", "accept", "content", obj("approve", true))).toString()).send().assertAccepted();
            JsonObject paid = payment.events().awaitResponse(paymentId, WAIT, null);
            assertEquals("Paid 99 cents", paid.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"),
                    paid::toString);
            Reply taskAnswer = tasks(mcp, "tasks/update").param("taskId", taskId)
                    .param("inputResponses", obj(question, obj("action", "accept", "content", obj("approve", true)))).send();
            assertEquals("complete", taskAnswer.result().getString("resultType"), "the answer is taken while the server drains: " + taskAnswer);
            JsonObject done = pollTask(mcp, taskId, "completed");
            assertEquals("Paid 1250 cents", done.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"),
                    done::toString);

            SseEvent last = lastEventBeforeTheEnd(getStream);
            assertNotNull(last, "the GET stream's last event");
            assertTrue(last.isEmptyData() && last.retry() != null && last.id() != null && !last.id().equals(priming.id()),
                    "the GET stream ends with an event of its own (not the priming event) carrying an id and retry: " + last);
            JsonObject closure = listen.events().nextMessage(WAIT);
            assertEquals("drain-listen", closure.getString("id"), closure.toString());
            assertEquals("complete", closure.getJsonObject("result").getString("resultType"), closure.toString());

            Reply answered = running.get(30, TimeUnit.SECONDS);
            long callAnsweredAt = System.nanoTime();
            assertEquals(200, answered.status(), answered::toString);
            String text = answered.result(slow.id()).getJsonArray("content").getJsonObject(0).getString("text");
            assertTrue(text.startsWith("finished after"), "the running call finished within the grace: " + text);
            long stoppedWithin = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);

            // the call still running when the grace ran out is answered, not cut off without a word
            Reply cutOff = cut.get(GRACE_SECONDS + 20, TimeUnit.SECONDS);
            JsonObject stopped = cutOff.assertError(200, -32603, endless.id());
            assertTrue(stopped.getString("message").contains("mcp.drain.grace"), stopped::toString);

            assertTrue(payara.waitFor(60, TimeUnit.SECONDS), "Payara Micro stops after the drain");
            prober.get(10, TimeUnit.SECONDS);
            System.out.println("drain: requests meanwhile, in order: " + answersDuringDrain.stream()
                    .map(a -> a.length() > 120 ? a.substring(0, 120) + "…" : a).toList());
            int drainingProbes = 0;
            boolean refusing = false;
            for (int i = 0; i < answersDuringDrain.size(); i++) {
                String answer = answersDuringDrain.get(i);
                // once the application is gone, Payara's HTTP layer answers a bare 503 without a body until it closes
                assertTrue(answer.startsWith("no answer") || answer.startsWith("200 application/json")
                                || answer.startsWith("503 application/json") && answer.contains("-31503") || answer.equals("503 bare"),
                        "during the drain a request gets its answer, a JSON 503, a bare 503 or no connection, never a container page: " + answer);
                if (sentAt.get(i) < callAnsweredAt - TimeUnit.MILLISECONDS.toNanos(DRAIN_END_MARGIN_MS)) {
                    // sent while the drain still waited for the running call: the error page, stopped after the drain,
                    // makes Payara's 503 JSON, and no request is held until the drain is over
                    long tookMillis = TimeUnit.NANOSECONDS.toMillis(answeredAt.get(i) - sentAt.get(i));
                    String seen = answer + " after " + tookMillis + " ms (all: " + answersDuringDrain + ")";
                    assertTrue(answer.startsWith("200 application/json")
                                    || answer.startsWith("503 application/json") && answer.contains("-31503"),
                            "a request sent while the drain waits for the running call gets its answer or a JSON 503: " + seen);
                    assertTrue(tookMillis < QUICK_MS, "a request sent while the drain waits is answered at once: " + seen);
                    if (answer.startsWith("503")) {
                        drainingProbes++;
                        refusing = true;
                        assertTrue(answer.matches("(?s)503 application/json\\S* Retry-After \\d+ .*"), "the drain's 503 says when to retry: " + seen);
                    } else {
                        assertFalse(refusing, "once the drain refuses new requests, none is answered again: " + seen);
                    }
                }
            }
            assertTrue(drainingProbes > 0, "requests sent while the drain waited got a JSON 503: " + answersDuringDrain);
            // Payara Micro's log handler stops before the application on SIGTERM: the drain's own log line may be lost
            System.out.println("drain: call answered " + stoppedWithin + " ms after SIGTERM; requests meanwhile: " + answersDuringDrain
                    + "; drain logged: " + Files.readString(log).contains("MCP endpoint stopping"));
            getStream.close();
            listen.close();
            payment.close();
        } finally {
            server.stop();
        }
    }

    /** A 2026-07-28 request declaring the tasks extension and elicitation. */
    private static ModernCall tasks(McpHttpClient mcp, String method) {
        return mcp.modern(method).capabilities(obj("elicitation", obj(), "extensions", obj(TasksIT.TASKS, obj())));
    }

    /** Polls the task until it is in {@code status}; each poll must be answered 200. */
    private static JsonObject pollTask(McpHttpClient mcp, String taskId, String status) {
        List<JsonObject> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonObject task = tasks(mcp, "tasks/get").param("taskId", taskId).send().result();
            seen.add(task);
            if (status.equals(task.getString("status"))) {
                return task;
            }
            sleep(50);
        }
        throw new AssertionError("task " + taskId + " never got " + status + "; seen: " + seen);
    }

    /** Returns once a new request gets the drain's JSON 503. */
    private static void awaitDrainBegun(McpHttpClient mcp) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Reply reply = mcp.modern("server/discover").send();
            if (reply.status() == 503 && reply.body().contains("-31503")) {
                assertTrue(reply.headers().firstValue("Retry-After").isPresent(), "the drain's 503 says when to retry: " + reply);
                return;
            }
            seen.add(reply.status() + " " + reply.body());
            sleep(50);
        }
        throw new AssertionError("the drain did not begin; seen: " + seen);
    }

    private static SseEvent lastEventBeforeTheEnd(Streamed stream) {
        SseEvent last = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseEvent e = stream.events().next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.end()) {
                return last;
            }
            if (!e.isComment()) {
                last = e;
            }
        }
        throw new AssertionError("the GET stream did not end");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
