package dev.jakartamcp.bench;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.fuzz.FuzzAuth;
import dev.jakartamcp.fuzz.FuzzServer;
import dev.jakartamcp.it.McpHttpClient;
import dev.jakartamcp.it.McpHttpClient.LegacySession;
import dev.jakartamcp.it.McpHttpClient.Reply;
import dev.jakartamcp.it.McpHttpClient.Streamed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static dev.jakartamcp.it.McpHttpClient.obj;

/**
 * {@code bench/run --load}: the sustained-load run of issue 11. The product WAR (with the conformance fixture, whose
 * {@code test_trigger_tool_change} makes the tool list change) on Payara Micro 6 with authorization on and a 512 MiB
 * heap; {@code load.clients} clients (64), each its own caller with its own RS256 token, for two consecutive runs of
 * {@code load.seconds} (60 s) after an uncounted warm-up:
 * <ul>
 *   <li>request clients pick operations at random: 2026-07-28 stateless {@code tools/call}, the same call in the
 *       client's 2025-11-25 session, lists of both eras, {@code prompts/get}, session churn (initialize, initialized,
 *       {@code tools/list}, DELETE), {@code ping} in the session, {@code server/discover}, and now and then a change of the tool list;</li>
 *   <li>stream clients (one in eight) hold listen streams open, in turn a 2025 GET stream of their session and a
 *       2026-07-28 {@code subscriptions/listen} stream, a few seconds each, and count the {@code list_changed}
 *       notices they hear.</li>
 * </ul>
 * Every answer is checked (status, JSON-RPC result, content); anything else is an error. After each run: the
 * retained heap after a full GC (median of three readings). Then {@code load.idleSessions} (100,000) idle 2025-era
 * sessions are opened on the same 512 MiB heap, and the server must still answer. Ends with one line:
 * {@code load: clients=… seconds=… requests=…+… errors=… heap_after_run1_mib=… heap_after_run2_mib=… idle_sessions=… heap_with_idle_sessions_mib=…}.
 */
final class LoadRun {
    private static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench")).resolve("load");
    private static final int CLIENTS = Integer.getInteger("load.clients", 64);
    private static final int SECONDS = Integer.getInteger("load.seconds", 60);
    private static final int WARMUP_SECONDS = Integer.getInteger("load.warmup", 15);
    private static final int IDLE_SESSIONS = Integer.getInteger("load.idleSessions", 100_000);
    private static final String HEAP = System.getProperty("load.serverHeap", "512m");
    private static final Duration STREAM_HOLD = Duration.ofSeconds(4);
    /** Heap after run 2 may exceed heap after run 1 by this much before the run counts as growing. */
    private static final long HEAP_TOLERANCE_BYTES = 8L * 1024 * 1024;

    enum Op { STATELESS_CALL, SESSION_CALL, LIST_MODERN, LIST_SESSION, PROMPT_GET, CHURN, PING, DISCOVER, TOOL_CHANGE, GET_STREAM, LISTEN_STREAM }

    private final int port = Http.freePort();
    private final URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    static int main() throws Exception {
        return new LoadRun().run();
    }

    private int run() throws Exception {
        Files.createDirectories(OUT);
        Bench.say("load: " + CLIENTS + " clients, warm-up " + WARMUP_SECONDS + " s, then 2 runs of " + SECONDS + " s; server heap -Xmx" + HEAP
                + "; then " + IDLE_SESSIONS + " idle sessions; load average at start " + Bench.loadAverage());
        Path war = FuzzServer.buildWar(OUT.resolve("war"));
        StringBuilder report = new StringBuilder();
        try (FuzzAuth auth = new FuzzAuth(endpoint.toString());
             FuzzServer server = FuzzServer.startPayaraMicro(war, port, Bench.serverJvmOptions(HEAP, false), config(auth), OUT.resolve("payara-work"),
                     OUT.resolve("server.log"))) {
            Bench.RUNNING.add(server);
            awaitUp(auth, server);
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Client(i, auth.token("load-client-" + i), i % 8 == 7));
            }
            Tally warm = drive(clients, WARMUP_SECONDS);
            Bench.say("load: warm-up " + warm.summary(WARMUP_SECONDS));
            warm.problems().forEach(p -> Bench.say("load:   warm-up error: " + p));
            long[] heaps = new long[2];
            Tally[] tallies = new Tally[2];
            long generator = ProcessHandle.current().pid();
            for (int run = 0; run < 2; run++) {
                long serverCpu = ProcessCpu.micros(server.pid());
                long generatorCpu = ProcessCpu.ownMicros(generator);
                tallies[run] = drive(clients, SECONDS);
                tallies[run].cpu(ProcessCpu.micros(server.pid()) - serverCpu, ProcessCpu.ownMicros(generator) - generatorCpu);
                FuzzServer.HeapReading heap = Bench.heapMedian(server);
                heaps[run] = heap.usedBytes();
                Bench.say("load: run " + (run + 1) + ": " + tallies[run].summary(SECONDS) + "; heap after full GC " + heap.mib());
                report.append("run ").append(run + 1).append(": ").append(tallies[run].table(SECONDS))
                        .append("heap after full GC: ").append(heap.mib()).append('\n');
                tallies[run].problems().forEach(p -> problems.add("run: " + p));
            }
            if (heaps[1] > heaps[0] + HEAP_TOLERANCE_BYTES) {
                problems.add(String.format(Locale.ROOT, "retained heap grew from run 1 to run 2: %.1f MiB -> %.1f MiB",
                        heaps[0] / 1048576.0, heaps[1] / 1048576.0));
            }
            String idle = idleSessions(auth, server);
            report.append(idle).append('\n');
            long errors = tallies[0].errors.sum() + tallies[1].errors.sum();
            report.append("\nproblems: ").append(problems.isEmpty() ? "none" : "").append('\n');
            problems.forEach(p -> report.append("  ").append(p).append('\n'));
            report.append(String.format(Locale.ROOT, "load: clients=%d seconds=%d requests=%d+%d errors=%d heap_after_run1_mib=%.1f heap_after_run2_mib=%.1f %s%n",
                    CLIENTS, SECONDS, tallies[0].requests(), tallies[1].requests(), errors, heaps[0] / 1048576.0,
                    heaps[1] / 1048576.0, idleLine));
        }
        Files.writeString(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
        System.out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    private Map<String, String> config(FuzzAuth auth) {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", FuzzAuth.ISSUER);
        config.put("mp.jwt.verify.publickey.location", auth.jwksUrl());
        config.put("mcp.resource", auth.resource());
        config.put("mcp.examples.enabled", "true");
        // each client sends up to a few hundred requests a minute more than the default per-caller limit of 600
        config.put("mcp.rate-limit.requests-per-minute", "1000000");
        config.put("mcp.execution.max-concurrent-per-caller", "1000"); // one caller runs the 64 clients' calls
        config.put("mcp.request-body.max-per-caller", "1000"); // and sends their bodies (default 8 read at once)
        // the idle-session phase opens them all as one caller
        config.put("mcp.session.max", Integer.toString(IDLE_SESSIONS + 10_000));
        config.put("mcp.session.max-per-caller", Integer.toString(IDLE_SESSIONS + 10_000));
        return config;
    }

    private void awaitUp(FuzzAuth auth, FuzzServer server) throws Exception {
        McpHttpClient client = new McpHttpClient(endpoint).authorization("Bearer " + auth.token("load-probe"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; end of its log:\n" + Bench.tail(server.log(), 40));
            }
            try {
                Reply r = client.modern("server/discover").send();
                if (r.status() == 200) {
                    return;
                }
                last = r.status() + " " + r.body();
            } catch (AssertionError e) {
                last = e.getMessage();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not answer within 240 s; last: " + last);
    }

    // ------------------------------------------------------------------ the clients

    /** One client: its own caller (token), its own 2025-11-25 session, kept across runs. */
    private final class Client {
        final int number;
        final McpHttpClient mcp;
        final boolean streams;
        LegacySession session;

        Client(int number, String token, boolean streams) {
            this.number = number;
            this.mcp = new McpHttpClient(endpoint).authorization("Bearer " + token);
            this.streams = streams;
        }

        void runUntil(long deadline, Tally tally) {
            while (System.nanoTime() < deadline) {
                Op op = streams ? (ThreadLocalRandom.current().nextBoolean() ? Op.GET_STREAM : Op.LISTEN_STREAM) : pick();
                long t0 = System.nanoTime();
                try {
                    int requests = perform(op, tally);
                    tally.done(op, requests, System.nanoTime() - t0);
                } catch (Throwable e) {
                    tally.failed(op, "client " + number + " " + op + ": " + oneLine(e));
                    session = null;
                }
            }
        }

        private Op pick() {
            int r = ThreadLocalRandom.current().nextInt(1000);
            if (r < 350) {
                return Op.STATELESS_CALL;
            }
            if (r < 550) {
                return Op.SESSION_CALL;
            }
            if (r < 650) {
                return Op.LIST_MODERN;
            }
            if (r < 750) {
                return Op.LIST_SESSION;
            }
            if (r < 830) {
                return Op.PROMPT_GET;
            }
            if (r < 910) {
                return Op.CHURN;
            }
            if (r < 955) {
                return Op.PING;
            }
            if (r < 998) {
                return Op.DISCOVER;
            }
            return Op.TOOL_CHANGE;
        }

        private LegacySession session() {
            if (session == null) {
                session = mcp.initialize(McpHttpClient.V2025_11_25);
            }
            return session;
        }

        /** Performs one operation; returns the number of HTTP requests it took. Throws when any answer is wrong. */
        private int perform(Op op, Tally tally) {
            switch (op) {
                case STATELESS_CALL -> {
                    JsonObject result = mcp.modern("tools/call").param("name", "get_channels")
                            .param("arguments", obj("location", "Tokyo")).send().result();
                    expectChannels(result);
                    return 1;
                }
                case SESSION_CALL -> {
                    boolean fresh = session == null;
                    expectChannels(session().call("tools/call", obj("name", "get_channels", "arguments", obj("location", "Tokyo"))));
                    return fresh ? 3 : 1;
                }
                case LIST_MODERN -> {
                    String method = ThreadLocalRandom.current().nextBoolean() ? "tools/list" : "resources/list";
                    JsonObject result = mcp.modern(method).send().result();
                    expectNonEmpty(result, method.equals("tools/list") ? "tools" : "resources");
                    return 1;
                }
                case LIST_SESSION -> {
                    boolean fresh = session == null;
                    boolean tools = ThreadLocalRandom.current().nextBoolean();
                    JsonObject result = session().call(tools ? "tools/list" : "prompts/list", JsonValue.EMPTY_JSON_OBJECT);
                    expectNonEmpty(result, tools ? "tools" : "prompts");
                    return fresh ? 3 : 1;
                }
                case PROMPT_GET -> {
                    JsonObject result = mcp.modern("prompts/get").param("name", "test_simple_prompt").send().result();
                    expectNonEmpty(result, "messages");
                    return 1;
                }
                case CHURN -> {
                    LegacySession s = mcp.initialize(McpHttpClient.V2025_11_25);
                    expectNonEmpty(s.call("tools/list", JsonValue.EMPTY_JSON_OBJECT), "tools");
                    Reply deleted = s.delete().send();
                    if (deleted.status() != 200) {
                        throw new AssertionError("DELETE answered " + deleted.status() + " " + deleted.body());
                    }
                    Reply gone = s.send("ping", null);
                    if (gone.status() != 404) {
                        throw new AssertionError("a deleted session answered " + gone.status() + " " + gone.body());
                    }
                    return 5;
                }
                case PING -> {
                    boolean fresh = session == null;
                    JsonObject result = session().call("ping", null);
                    if (!result.isEmpty()) {
                        throw new AssertionError("ping answered " + result);
                    }
                    return fresh ? 3 : 1;
                }
                case DISCOVER -> {
                    expectNonEmpty(mcp.modern("server/discover").send().result(), "supportedVersions");
                    return 1;
                }
                case TOOL_CHANGE -> {
                    JsonObject result = mcp.modern("tools/call").param("name", "test_trigger_tool_change")
                            .param("arguments", JsonValue.EMPTY_JSON_OBJECT).send().result();
                    if (result.getBoolean("isError", false)) {
                        throw new AssertionError("test_trigger_tool_change failed: " + result);
                    }
                    tally.changes.increment();
                    return 1;
                }
                case GET_STREAM -> {
                    boolean fresh = session == null;
                    LegacySession s = session();
                    try (Streamed stream = s.get().open()) {
                        if (stream.status() != 200 || !stream.isSse()) {
                            throw new AssertionError("GET stream answered " + stream.status() + " " + stream.contentType());
                        }
                        hold(stream, tally);
                    }
                    return fresh ? 3 : 1;
                }
                case LISTEN_STREAM -> {
                    try (Streamed stream = mcp.modern("subscriptions/listen")
                            .param("notifications", Json.createObjectBuilder().add("toolsListChanged", true).build()).open()) {
                        if (stream.status() != 200 || !stream.isSse()) {
                            throw new AssertionError("subscriptions/listen answered " + stream.status() + " " + stream.contentType());
                        }
                        JsonObject ack = stream.events().nextMessage(Duration.ofSeconds(10));
                        if (!"notifications/subscriptions/acknowledged".equals(ack.getString("method", ""))) {
                            throw new AssertionError("subscriptions/listen began with " + ack);
                        }
                        hold(stream, tally);
                    }
                    return 1;
                }
                default -> throw new IllegalStateException(op.name());
            }
        }

        /** Reads the stream for a while; every message must be a list_changed notice. */
        private void hold(Streamed stream, Tally tally) {
            long until = System.nanoTime() + STREAM_HOLD.toNanos();
            while (true) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Optional<dev.jakartamcp.it.SseEvent> event = stream.events().poll(Duration.ofNanos(left));
                if (event.isEmpty()) {
                    if (stream.events().isEnded()) {
                        throw new AssertionError("the server ended a listen stream");
                    }
                    continue;
                }
                if (event.get().end()) {
                    throw new AssertionError("the server ended a listen stream");
                }
                String data = event.get().data();
                if (event.get().comment() != null || data == null || data.isBlank()) {
                    continue; // keep-alive comment, priming event
                }
                if (!data.contains("notifications/tools/list_changed")) {
                    throw new AssertionError("unexpected message on a listen stream: " + data);
                }
                tally.noticesHeard.increment();
            }
        }
    }

    private static void expectChannels(JsonObject result) {
        if (!Calls.EXPECTED_CONTENT.equals(result.get("content")) || result.getBoolean("isError", false)) {
            throw new AssertionError("wrong get_channels result " + result);
        }
    }

    private static void expectNonEmpty(JsonObject result, String key) {
        if (!(result.get(key) instanceof jakarta.json.JsonArray a) || a.isEmpty()) {
            throw new AssertionError("expected a non-empty " + key + " in " + result);
        }
    }

    private Tally drive(List<Client> clients, int seconds) throws Exception {
        Tally tally = new Tally();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Client c : clients) {
                futures.add(pool.submit(() -> c.runUntil(deadline, tally)));
            }
            for (Future<?> f : futures) {
                f.get(seconds + 120L, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return tally;
    }

    /** What one run did. */
    private static final class Tally {
        final Map<Op, LongAdder> operations = new EnumMap<>(Op.class);
        final Map<Op, LongAdder> failures = new EnumMap<>(Op.class);
        final LongAdder httpRequests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder changes = new LongAdder();
        final LongAdder noticesHeard = new LongAdder();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final Map<Op, ConcurrentLinkedQueue<Long>> durations = new EnumMap<>(Op.class);
        long serverCpuMicros = -1;
        long generatorCpuMicros = -1;
        final ConcurrentLinkedQueue<String> firstProblems = new ConcurrentLinkedQueue<>();
        final AtomicInteger problemCount = new AtomicInteger();

        Tally() {
            for (Op op : Op.values()) {
                operations.put(op, new LongAdder());
                failures.put(op, new LongAdder());
                durations.put(op, new ConcurrentLinkedQueue<>());
            }
        }

        /** CPU time of the server process and of this JVM (the load generator) over the run. */
        void cpu(long serverMicros, long generatorMicros) {
            serverCpuMicros = serverMicros;
            generatorCpuMicros = generatorMicros;
        }

        void done(Op op, int requests, long nanos) {
            operations.get(op).increment();
            httpRequests.add(requests);
            durations.get(op).add(nanos);
            if (op != Op.GET_STREAM && op != Op.LISTEN_STREAM && requests == 1) {
                latencies.add(nanos);
            }
        }

        void failed(Op op, String problem) {
            failures.get(op).increment();
            errors.increment();
            if (problemCount.incrementAndGet() <= 20) {
                firstProblems.add(problem);
            }
        }

        long requests() {
            return httpRequests.sum();
        }

        List<String> problems() {
            return new ArrayList<>(firstProblems);
        }

        String summary(int seconds) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format(Locale.ROOT, "%d HTTP requests (%.0f/s), %d errors, single-request p50 %.2f ms p99 %.2f ms, "
                            + "%d tool-list changes, %d notices heard on listen streams",
                    requests(), requests() / (double) seconds, errors.sum(), percentile(sorted, 0.50), percentile(sorted, 0.99),
                    changes.sum(), noticesHeard.sum());
        }

        String table(int seconds) {
            StringBuilder b = new StringBuilder(summary(seconds)).append('\n');
            if (serverCpuMicros >= 0) {
                b.append(String.format(Locale.ROOT, "  CPU: server %.1f s (%.0f us per HTTP request), load generator %.1f s, of %d s x %d cores%n",
                        serverCpuMicros / 1e6, serverCpuMicros / (double) Math.max(1, requests()), generatorCpuMicros / 1e6, seconds,
                        Runtime.getRuntime().availableProcessors()));
            }
            b.append("  operation            done failed   p50 ms   p99 ms (whole operation, all its requests)\n");
            for (Op op : Op.values()) {
                long[] sorted = durations.get(op).stream().mapToLong(Long::longValue).sorted().toArray();
                b.append(String.format(Locale.ROOT, "  %-15s %9d %6d %8.2f %8.2f%n", op, operations.get(op).sum(), failures.get(op).sum(),
                        percentile(sorted, 0.50), percentile(sorted, 0.99)));
            }
            return b.toString();
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    // ------------------------------------------------------------------ idle sessions

    private String idleLine = "";

    /** Opens IDLE_SESSIONS idle 2025-era sessions (8 clients, one caller) on the server's heap; it must still answer. */
    private String idleSessions(FuzzAuth auth, FuzzServer server) throws Exception {
        McpHttpClient client = new McpHttpClient(endpoint).authorization("Bearer " + auth.token("load-idle"));
        AtomicLong opened = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < IDLE_SESSIONS) {
                        client.initialize(McpHttpClient.V2025_11_25);
                        opened.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            problems.add("idle sessions: " + opened.get() + " opened, then " + oneLine(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        FuzzServer.HeapReading heap = Bench.heapMedian(server);
        Reply after = new McpHttpClient(endpoint).authorization("Bearer " + auth.token("load-after")).modern("tools/call")
                .param("name", "get_channels").param("arguments", obj("location", "Tokyo")).send();
        boolean answers = after.status() == 200;
        if (!answers) {
            problems.add("with " + opened.get() + " idle sessions the server answered " + after.status() + " " + after.body());
        }
        idleLine = String.format(Locale.ROOT, "idle_sessions=%d heap_with_idle_sessions_mib=%.1f", opened.get(), heap.usedBytes() / 1048576.0);
        String line = String.format(Locale.ROOT, "idle sessions: %d opened in %d s on -Xmx%s; heap after full GC %s; a call afterwards: HTTP %d",
                opened.get(), seconds, HEAP, heap.mib(), after.status());
        Bench.say("load: " + line);
        return line;
    }

    // ------------------------------------------------------------------ helpers

    private static String oneLine(Throwable e) {
        String text = String.valueOf(e);
        text = text.replace('\n', ' ');
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
