package dev.jakartamcp.fuzz;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.fuzz.Categories.Category;
import dev.jakartamcp.fuzz.FuzzContext.Session;
import dev.jakartamcp.ops.ContainerLogThrottle;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.jakartamcp.fuzz.FuzzContext.CHANNELS_ARGS;
import static dev.jakartamcp.fuzz.FuzzContext.LEGACY;
import static dev.jakartamcp.fuzz.FuzzContext.V0326;
import static dev.jakartamcp.fuzz.FuzzContext.initializeBody;
import static dev.jakartamcp.fuzz.FuzzContext.legacyBody;
import static dev.jakartamcp.fuzz.FuzzContext.modernBody;
import static dev.jakartamcp.fuzz.FuzzContext.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proof suite for the transport hardening: at least 10,000 generated hostile requests (see {@link Categories}) against
 * the server ({@link FuzzServer}: Payara Micro 6 or 7, or Open Liberty, as the failsafe execution chooses) running the
 * product WAR (plus the conformance fixture package, for {@code test_elicitation}) with authorization on, started as
 * a child process so that its heap can be read with {@code jcmd}. Asserts that no answer
 * is a 5xx, every body is JSON (or SSE carrying JSON), no 4xx/5xx body is empty, every answer comes within 2 s, a valid
 * request is served within 2 s after every burst, no burst makes the WAR log an error ({@link FuzzReport#causedByTheWar}:
 * hostile input is answered, not logged as a failure), and the heap after a full GC grows by at most 64 MiB over the run.
 * Prints a table per burst and writes it, with failure examples and server log excerpts, to
 * {@code <mcp.build.dir>/fuzz/report.txt} (the server's log is in {@code fuzz/server}: Payara Micro's {@code payara.log},
 * Liberty's {@code usr/servers/mcpFuzz/logs/messages.log}).
 * <p>
 * System properties: {@code fuzz.seed} (default 20260728) and {@code fuzz.requests} (default 10,000) make a run
 * reproducible and sized (the generated choices follow from the seed; tokens and session ids differ per run);
 * {@code fuzz.capMs} (4000) is the per-request hard limit, {@code fuzz.serverHeap} (1g) the server's -Xmx,
 * {@code fuzz.serverJvmOptions} more server JVM options, {@code fuzz.heapPerBurst} (true) reads the heap after every
 * burst, {@code fuzz.settleMaxMs} (30 s) and {@code fuzz.finalSettleMaxMs} (90 s) bound the waits for runaway server
 * work, {@code fuzz.maxTimeoutsPerBurst} (12) and {@code fuzz.burstBudgetMs} (60 s) stop a burst that the server
 * cannot keep up with.
 * <p>
 * Run alone: {@code mvn -B verify -DskipE2E -DnoLiberty -P '!payara7' -Dit.test=HostileRequestsIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("fuzz")
class HostileRequestsIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20260728L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int CAP_MS = Integer.getInteger("fuzz.capMs", 4000);
    private static final int LIMIT_MS = 2000;
    private static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;
    private static final int MAX_TIMEOUTS = Integer.getInteger("fuzz.maxTimeoutsPerBurst", 12);
    private static final long BURST_BUDGET_MS = Long.getLong("fuzz.burstBudgetMs", 60_000);
    private static final boolean HEAP_PER_BURST = Boolean.parseBoolean(System.getProperty("fuzz.heapPerBurst", "true"));
    private static final int SUBJECTS = 200;
    private static final long SETTLE_MAX_MS = Long.getLong("fuzz.settleMaxMs", 30_000);
    private static final long FINAL_SETTLE_MAX_MS = Long.getLong("fuzz.finalSettleMaxMs", 90_000);

    private static final Path OUT = Path.of(System.getProperty("mcp.build.dir", "target"), "fuzz");

    private static FuzzAuth auth;
    private static FuzzServer server;
    private static ExecutorService writers;
    private static RawHttp http;
    private static long startedAt;
    private static final int CONTAINER_LOG_PER_MINUTE = McpSettings.DEFAULT_CONTAINER_LOG_MAX_PER_MINUTE;
    private static final List<String> THROTTLED_CONTAINER_LOGGERS = ContainerLogThrottle.LOGGERS;
    private static long serverReadyMs;

    @BeforeAll
    static void startServer() throws Exception {
        startedAt = System.nanoTime();
        Files.createDirectories(OUT);
        int port = Http.freePort();
        auth = new FuzzAuth("http://127.0.0.1:" + port + "/mcp");
        Path war = FuzzServer.buildWar(OUT);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", FuzzAuth.ISSUER);
        config.put("mp.jwt.verify.publickey.location", auth.jwksUrl());
        config.put("mcp.resource", auth.resource());
        config.put("mcp.examples.enabled", "true");
        config.put("mcp.rate-limit.requests-per-minute", "1000000");
        // closed SSE streams are noticed at the next keep-alive; a short one lets them go before the final heap reading
        config.put("mcp.sse.keep-alive", "PT2S");
        List<String> jvm = new ArrayList<>();
        String heap = System.getProperty("fuzz.serverHeap", "1g");
        if (!heap.isBlank()) {
            jvm.add("-Xmx" + heap);
        }
        for (String option : System.getProperty("fuzz.serverJvmOptions", "").split("\\s+")) {
            if (!option.isBlank()) {
                jvm.add(option);
            }
        }
        server = FuzzServer.start(war, port, jvm, config, OUT.resolve("server"));
        Verdict.colonPathsFailInTheContainer = server.failsOnColonPaths();
        writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-upload");
            t.setDaemon(true);
            return t;
        });
        http = new RawHttp(port, writers);
        server.awaitReady(Duration.ofSeconds(240));
        serverReadyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (auth != null) {
            auth.close();
        }
        if (writers != null) {
            writers.shutdownNow();
        }
    }

    @Test
    void hostileRequestsNeverBreakTheServer() throws Exception {
        List<String> subjects = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < SUBJECTS; i++) {
            subjects.add(String.format("fuzz-subject-%03d", i));
            tokens.add(auth.token(subjects.get(i)));
        }
        SetupCounter setup = new SetupCounter();
        FuzzContext context = setUp(tokens, setup);
        warmUp(context, setup);
        if (HEAP_PER_BURST) {
            server.heapAfterFullGcQuick(); // connects JMX now, so that its few objects are part of the baseline
        }

        FuzzServer.HeapReading heapStart = server.heapAfterFullGc();
        List<Category> categories = Categories.all(REQUESTS);
        List<BurstStats> bursts = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            if (!server.isAlive()) {
                BurstStats dead = new BurstStats(categories.get(c).name(), categories.get(c).description());
                dead.aborted = "server process gone";
                dead.validOk = false;
                bursts.add(dead);
                continue;
            }
            bursts.add(runBurst(categories.get(c), c, context));
        }
        Thread.sleep(3000); // closed streams are noticed at the next keep-alive (2 s)
        String finalSettle = settle(FINAL_SETTLE_MAX_MS); // runaway requests still computing would count as retained heap
        FuzzServer.HeapReading heapEnd = server.isAlive() ? server.heapAfterFullGc() : new FuzzServer.HeapReading(-1, "server gone");
        String histogram = heapStart.ok() && heapEnd.ok() && heapEnd.usedBytes() - heapStart.usedBytes() > HEAP_GROWTH_LIMIT
                ? server.classHistogram(25) : "";

        if (!bursts.isEmpty()) {
            bursts.get(bursts.size() - 1).logTo = server.logSize(); // what the last burst set off may show up late
        }
        String report = FuzzReport.render(SEED, REQUESTS, CAP_MS, LIMIT_MS, bursts, setup.sent, setup.failures, heapStart, heapEnd, HEAP_GROWTH_LIMIT,
                histogram, finalSettle, server, serverReadyMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        Files.writeString(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
        System.out.println(report);

        List<String> failures = new ArrayList<>();
        int sent = bursts.stream().mapToInt(b -> b.sent).sum();
        if (sent < REQUESTS) {
            failures.add("only " + sent + " of " + REQUESTS + " hostile requests were sent");
        }
        for (BurstStats b : bursts) {
            if (b.failures() > 0 || b.aborted != null) {
                failures.add(b.name + ": " + b.failed + " failed requests" + (b.validOk ? "" : ", valid request afterwards failed")
                        + (b.aborted != null ? ", aborted (" + b.aborted + ")" : "") + (b.problems.isEmpty() ? "" : " " + b.problems.keySet()));
            }
        }
        if (!setup.failures.isEmpty()) {
            failures.add("setup: " + setup.failures);
        }
        for (BurstStats b : bursts) {
            List<String> logged = FuzzReport.causedByTheWar(server.logSlice(b.logFrom, b.logTo, 64 * 1024 * 1024));
            if (!logged.isEmpty()) {
                failures.add(b.name + ": the WAR logged " + logged);
            }
        }
        if (!"liberty".equals(System.getProperty("mcp.it.server", "payara"))) {
            // Payara's own loggers log a malformed request with a stack trace; mcp.container-log.max-per-minute (10)
            // bounds them per logger and minute, each minute counted from the logger's first record
            long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - startedAt);
            long bound = CONTAINER_LOG_PER_MINUTE * (minutes + 1);
            Map<String, Integer> traces = FuzzReport.stackTracesByLogger(server.logSlice(0, server.logSize(), 64 * 1024 * 1024));
            System.out.println("records with a stack trace by logger: " + traces + " (at most " + bound + " each of "
                    + THROTTLED_CONTAINER_LOGGERS + ")");
            for (String logger : THROTTLED_CONTAINER_LOGGERS) {
                if (traces.getOrDefault(logger, 0) > bound) {
                    failures.add("the server's logger " + logger + " wrote " + traces.get(logger)
                            + " records with a stack trace in " + (minutes + 1) + " minute(s), more than " + bound);
                }
            }
        }
        if (!heapStart.ok() || !heapEnd.ok()) {
            failures.add("heap could not be read (start " + heapStart.mib() + ", end " + heapEnd.mib() + ")");
        } else if (heapEnd.usedBytes() - heapStart.usedBytes() > HEAP_GROWTH_LIMIT) {
            failures.add("heap grew from " + heapStart.mib() + " to " + heapEnd.mib() + " (limit +64 MiB)");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " problem(s), see " + OUT.resolve("report.txt").toAbsolutePath() + ":\n  " + String.join("\n  ", failures));
        }
    }

    // ------------------------------------------------------------------ bursts

    private BurstStats runBurst(Category category, int index, FuzzContext context) throws InterruptedException {
        BurstStats stats = new BurstStats(category.name(), category.description());
        stats.planned = category.count();
        stats.listAll = category.name().equals("state-junk");
        stats.logFrom = server.logSize();
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.MILLISECONDS.toNanos(BURST_BUDGET_MS);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(category.threads());
        for (int t = 0; t < category.threads(); t++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    int i = next.getAndIncrement();
                    if (i >= category.count()) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        stop.set(true);
                        stats.aborted = "burst time budget of " + BURST_BUDGET_MS + " ms spent after " + i + " requests";
                        return;
                    }
                    Hostile h;
                    try {
                        h = category.generator().make(context, random(index, i), i);
                    } catch (RuntimeException | Error e) {
                        stats.generatorError(category.name() + " #" + i, e);
                        continue;
                    }
                    RawHttp.Response r = http.exchange(h, CAP_MS);
                    stats.record(h, r, Verdict.judge(h, r, CAP_MS, LIMIT_MS));
                    if (r.timedOut && timeouts.incrementAndGet() >= MAX_TIMEOUTS) {
                        stop.set(true);
                        stats.aborted = MAX_TIMEOUTS + " requests got no answer within the cap";
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        stats.durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        validAfter(stats, context, index);
        stats.busyAfter = settle(SETTLE_MAX_MS);
        if (HEAP_PER_BURST && server.isAlive()) {
            stats.heapAfter = server.heapAfterFullGcQuick();
        }
        stats.logTo = server.logSize();
        return stats;
    }

    /**
     * Waits (at most {@code maxMs}) until the server process uses less than half a core, and says
     * how long that took: work that goes on after the client gave up (runaway requests) shows here, and is kept from
     * spilling into the next burst where possible.
     */
    private static String settle(long maxMs) throws InterruptedException {
        long begin = System.nanoTime();
        long last = serverCpuNanos();
        if (last < 0) {
            return "?";
        }
        while (true) {
            Thread.sleep(500);
            long now = serverCpuNanos();
            double cores = (now - last) / 500e6;
            last = now;
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            if (cores < 0.5 || !server.isAlive()) {
                return waited <= 500 ? "idle" : String.format("%.1f s", waited / 1000.0);
            }
            if (waited >= maxMs) {
                return String.format(">%.0f s (%.1f cores)", waited / 1000.0, cores);
            }
        }
    }

    private static long serverCpuNanos() {
        return ProcessHandle.of(server.pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private static SplittableRandom random(int category, int request) {
        long mixed = SEED * 0x9E3779B97F4A7C15L + category * 0x632BE59BD9B4E019L + request * 0xD1B54A32D192ED03L;
        return new SplittableRandom(mixed);
    }

    /** A 2026-07-28 tools/call of get_channels with a fresh token, answered correctly within 2 s; else how long recovery took. */
    private void validAfter(BurstStats stats, FuzzContext context, int n) throws InterruptedException {
        String problem = validCheck(context, "after-" + stats.name);
        if (problem == null) {
            stats.validAfter = "ok " + lastCheckMs + " ms";
            return;
        }
        stats.validOk = false;
        long begin = System.nanoTime();
        String last = problem;
        while (System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(30) && server.isAlive()) {
            Thread.sleep(500);
            last = validCheck(context, "recover-" + stats.name);
            if (last == null) {
                break;
            }
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        stats.validAfter = "FAILED: " + problem + (last == null ? "; served again after " + waited + " ms" : "; still failing after " + waited + " ms: " + last);
    }

    private long lastCheckMs;

    private String validCheck(FuzzContext context, String tag) {
        String token = auth.token("fuzz-check-" + tag);
        Wire w = context.modern(token, "tools/call", "get_channels").body(modernBody(q("check-" + tag), "tools/call", CHANNELS_ARGS));
        RawHttp.Response r = http.exchange(new Hostile("valid check", w), CAP_MS);
        lastCheckMs = r.latencyMs;
        if (r.status != 200) {
            return BurstStats.describe(r);
        }
        try {
            JsonObject result = readJson(r.bodyText()).getJsonObject("result");
            assertEquals("NHK G", result.getJsonArray("content").getJsonObject(0).getString("text"));
            assertEquals("complete", result.getString("resultType"));
        } catch (RuntimeException | AssertionError e) {
            return "wrong answer: " + BurstStats.describe(r);
        }
        if (r.latencyMs > LIMIT_MS) {
            return "answered after " + r.latencyMs + " ms";
        }
        return null;
    }

    // ------------------------------------------------------------------ setup

    static final class SetupCounter {
        int sent;
        final List<String> failures = new ArrayList<>();
    }

    private FuzzContext setUp(List<String> tokens, SetupCounter setup) {
        List<Session> sessions = new ArrayList<>();
        for (String version : LEGACY) {
            for (int k = 0; k < 8; k++) {
                String token = tokens.get((k * 7 + LEGACY.indexOf(version) * 3) % tokens.size());
                sessions.add(newSession(version, token, setup));
            }
        }
        List<Session> batchSessions = sessions.stream().filter(s -> s.version().equals(V0326)).toList();
        String single = auth.token("fuzz-single-subject");
        List<Session> singleSessions = new ArrayList<>();
        for (String version : LEGACY) {
            singleSessions.add(newSession(version, single, setup));
        }
        List<Session> deletable = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            deletable.add(newSession(LEGACY.get(i % 3), tokens.get((i * 11 + 5) % tokens.size()), setup));
        }
        String stateToken = auth.token("fuzz-state-owner");
        String message = "fuzz: please confirm";
        String state = requestState(stateToken, message, setup);
        String operator = auth.token("fuzz-operator", b -> b.claim("permissions", List.of("mcp-admin")));
        List<FuzzContext.Task> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(newTask(tokens.get((i * 13 + 2) % tokens.size()), i % 2 == 0, setup));
        }
        return new FuzzContext(server.port(), auth, tokens, sessions, batchSessions, deletable, single, singleSessions, stateToken, state, message,
                operator, tasks);
    }

    private Session newSession(String version, String token, SetupCounter setup) {
        FuzzContext bare = FuzzContext.of(server.port(), auth, token);
        Wire init = bare.post(token).body(initializeBody("1", version, "{\"elicitation\":{},\"sampling\":{},\"roots\":{\"listChanged\":true}}",
                "{\"name\":\"fuzz-setup\",\"version\":\"1\"}"));
        RawHttp.Response r = http.exchange(new Hostile("setup initialize", init), 15_000);
        setup.sent++;
        String id = r.header("Mcp-Session-Id").orElse(null);
        if (r.status != 200 || id == null) {
            fail("setup: initialize " + version + " failed: " + BurstStats.describe(r) + "\nend of the server log:\n" + tail());
        }
        Session s = new Session(id, version, token);
        RawHttp.Response ack = http.exchange(new Hostile("setup initialized", bare.legacy(s).body(legacyBody(null, "notifications/initialized", null))), 15_000);
        setup.sent++;
        if (ack.status != 202) {
            setup.failures.add("notifications/initialized: " + BurstStats.describe(ack));
        }
        return s;
    }

    /** A task of the tasks extension: one that waits for an answer ({@code confirm_delete}) or one done at once. */
    private FuzzContext.Task newTask(String token, boolean waiting, SetupCounter setup) {
        String tool = waiting ? "confirm_delete" : "slow_compute";
        String arguments = waiting ? "{\"filename\":\"setup.txt\"}" : "{\"seconds\":0}";
        Wire w = FuzzContext.of(server.port(), auth, token).modern(token, "tools/call", tool)
                .body(TasksCategory.body("1", "tools/call", "\"name\":" + q(tool) + ",\"arguments\":" + arguments, TasksCategory.declared()));
        RawHttp.Response r = http.exchange(new Hostile("setup task", w), 15_000);
        setup.sent++;
        try {
            JsonObject result = readJson(r.bodyText()).getJsonObject("result");
            assertEquals("task", result.getString("resultType"), r.bodyText());
            return new FuzzContext.Task(result.getString("taskId"), token, waiting);
        } catch (RuntimeException | AssertionError e) {
            return fail("setup: " + tool + " made no task: " + BurstStats.describe(r), e);
        }
    }

    private String requestState(String token, String message, SetupCounter setup) {
        FuzzContext bare = FuzzContext.of(server.port(), auth, token);
        Wire w = bare.modern(token, "tools/call", "test_elicitation")
                .body(modernBody("1", "tools/call", "\"name\":\"test_elicitation\",\"arguments\":{\"message\":" + q(message) + "}"));
        RawHttp.Response r = http.exchange(new Hostile("setup requestState", w), 15_000);
        setup.sent++;
        try {
            JsonObject result = readJson(r.bodyText()).getJsonObject("result");
            assertEquals("input_required", result.getString("resultType"), r.bodyText());
            String state = result.getString("requestState");
            assertTrue(!state.isBlank());
            return state;
        } catch (RuntimeException | AssertionError e) {
            return fail("setup: test_elicitation gave no requestState: " + BurstStats.describe(r), e);
        }
    }

    /** Valid requests of every kind before the first heap reading, so that lazily built state is already there. */
    private void warmUp(FuzzContext context, SetupCounter setup) {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 120; i++) {
            FuzzContext.Template t = context.valid(r);
            RawHttp.Response resp = http.exchange(new Hostile("warm-up", t.wire().body(t.body())).stream(300), 15_000);
            setup.sent++;
            if (resp.status != 200 && resp.status != 202) {
                setup.failures.add("warm-up " + t.method() + ": " + BurstStats.describe(resp));
            }
        }
        String problem = validCheck(context, "warm-up");
        if (problem != null) {
            setup.failures.add("valid check before the bursts: " + problem);
        }
    }

    private static JsonObject readJson(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(server.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
