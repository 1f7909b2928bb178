package dev.jakartamcp.bench;

import dev.jakartamcp.bench.Calls.Call;
import dev.jakartamcp.e2e.ChildProcess;
import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.fuzz.FuzzAuth;
import dev.jakartamcp.fuzz.FuzzServer;
import dev.jakartamcp.it.McpHttpClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/run}: the performance benchmark of issue 11, launched by {@code mvn -Pbench package} (exec-maven-plugin,
 * test class path). Everything on 127.0.0.1, one server at a time on the same port (so one token fits all three):
 * <ol>
 *   <li><b>ours</b>: the product WAR on Payara Micro 6 with authorization on (JWKS and RS256 tokens from this JVM,
 *       {@link FuzzAuth}), the demo tools, the per-caller rate limit raised out of the way. Started
 *       {@code startups} times: each start's time to the first right answer counts for {@code startup_overhead_ms};
 *       the first start also measures the retained heap per idle 2025-era session; the last one is loaded with wrk.</li>
 *   <li><b>bare</b>: a test-only WAR ({@link BareWar}) on the same Payara Micro, a JAX-RS endpoint returning the exact
 *       bytes ours returned, validating the same token with nimbus with the same caching policy; started and loaded
 *       the same way.</li>
 *   <li><b>peer</b>: the official TypeScript SDK v2 server ({@link Peer}, bench/peer) on Node 22, loaded the same way.</li>
 * </ol>
 * Load: per server, era and concurrency (1, 16, 64; --quick: 1, 16) a warm-up run, then the measured run, each answer
 * checked by the wrk script. Prints the table, writes it to {@code target/bench/report.txt}, and ends with the one
 * {@code bench:} line. Exits with status 1 when any answer was wrong or any run had errors.
 */
public final class Bench {
    private static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));
    private static final boolean QUICK = Boolean.parseBoolean(System.getProperty("bench.quick", "false"));
    private static final int WARMUP_S = Integer.getInteger("bench.warmup", QUICK ? 2 : 5);
    private static final int DURATION_S = Integer.getInteger("bench.duration", QUICK ? 3 : 10);
    /** Seconds of wrk at c=16 per server and era before its first point, uncounted (the same for all three servers). */
    private static final int INITIAL_WARMUP_S = Integer.getInteger("bench.initialWarmup", QUICK ? 0 : 30);
    private static final int[] CONCURRENCY = QUICK ? new int[]{1, 16} : new int[]{1, 16, 64};
    private static final int STARTS = Integer.getInteger("bench.startups", QUICK ? 1 : 5);
    private static final int SESSIONS = Integer.getInteger("bench.sessions", QUICK ? 5_000 : 20_000);
    private static final String SERVER_HEAP = System.getProperty("bench.serverHeap", "1g");
    private static final String WRK = System.getProperty("bench.wrk", "wrk");
    /** Seconds of an extra, uncounted stateless run of ours under a JFR profile (0: none). */
    private static final int PROFILE_S = Integer.getInteger("bench.profile", 0);
    /** Only ours, for quick looks while tuning (the table then lacks the comparisons). */
    private static final boolean OURS_ONLY = Boolean.getBoolean("bench.oursOnly");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final List<String> ERAS = List.of(Calls.MODERN, Calls.SESSION);
    private static final List<String> SERVERS = List.of("ours", "bare", "peer");

    /** Servers and wrk processes running now: a shutdown hook (Ctrl-C, SIGTERM) stops whatever is left. */
    static final java.util.Set<AutoCloseable> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : RUNNING) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
        }, "bench-cleanup"));
    }

    /** results[server][era][concurrency] */
    private final Map<String, Map<String, Map<Integer, Wrk.Result>>> results = new LinkedHashMap<>();
    private final Map<String, List<Long>> startups = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final int port = Http.freePort();
    private final URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    private final Map<String, String> jwksFetches = new LinkedHashMap<>();
    private FuzzAuth auth;
    private long sessionBytes = -1;
    private String sessionDetail = "";
    private String oursModernBody;
    private String oursSessionBody;
    private String oursSessionId;

    public static void main(String[] args) throws Exception {
        int status;
        try {
            status = Boolean.getBoolean("bench.load") ? LoadRun.main() : new Bench().run();
        } catch (Throwable t) {
            System.out.println();
            t.printStackTrace(System.out);
            System.out.println("bench: FAILED: " + t);
            status = 2;
        }
        System.out.flush();
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve("exit-status"), status + "\n");
        } catch (IOException e) {
            System.err.println("bench: cannot write " + OUT.resolve("exit-status") + ": " + e);
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Files.createDirectories(OUT);
        String machine = machine();
        String loadBefore = loadAverage();
        say("bench: " + (QUICK ? "--quick (smoke scale: c=1 and c=16, " + DURATION_S + " s points — NOT a measurement)" : "full run")
                + "; warm-up " + WARMUP_S + " s + " + DURATION_S + " s per point; " + STARTS + " start(s) per WAR; "
                + SESSIONS + " idle sessions");
        say("bench: machine: " + machine + "; load average at start: " + loadBefore);
        if (!QUICK && Double.parseDouble(loadBefore.split(" ")[0]) >= 1.0) {
            say("bench: WARNING: the 1-minute load average is " + loadBefore.split(" ")[0]
                    + " (>= 1.0): other work shares the CPUs, the figures will not be clean measurements");
        }
        String wrkVersion = command(List.of(WRK, "--version"), Duration.ofSeconds(10), false).lines().findFirst().orElse("?");
        say("bench: load generator: " + wrkVersion.strip());

        long started = System.nanoTime();
        try (FuzzAuth issuer = new FuzzAuth(endpoint.toString())) {
            auth = issuer;
            String token = auth.token("bench-caller");
            runOurs(token);
            if (!OURS_ONLY) {
                runBare(token);
                runPeer(token);
            }
        }
        String loadAfter = loadAverage();
        long minutes = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String report = report(machine, loadBefore, loadAfter, minutes);
        Files.writeString(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
        System.out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ ours

    private Map<String, String> oursConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", FuzzAuth.ISSUER);
        config.put("mp.jwt.verify.publickey.location", auth.jwksUrl());
        config.put("mcp.resource", auth.resource());
        config.put("mcp.examples.enabled", "true");
        // one caller sends every request: 100 million a minute keeps the per-caller rate limit (default 600) out of the way
        config.put("mcp.rate-limit.requests-per-minute", "100000000");
        // the session measurement opens SESSIONS sessions as one caller (defaults: 10,000 in all, 16 per caller)
        config.put("mcp.session.max", Integer.toString(Math.max(10_000, SESSIONS + 5_000)));
        config.put("mcp.session.max-per-caller", Integer.toString(SESSIONS + 5_000));
        return config;
    }

    private void runOurs(String token) throws Exception {
        Path war = Path.of(System.getProperty("mcp.war", "target/jakarta-mcp-server.war")).toAbsolutePath();
        Call modern = Calls.modern(endpoint, token);
        for (int i = 1; i <= STARTS; i++) {
            say("ours: start " + i + "/" + STARTS + " (" + war.getFileName() + " on Payara Micro)");
            int fetchesBefore = auth.jwksFetches();
            try (FuzzServer server = startPayara(war, oursConfig(), "ours-" + i, modern, "ours")) {
                if (i == 1) {
                    measureSessions(server, token);
                }
                if (i == STARTS) {
                    oursModernBody = Calls.send(endpoint, modern, Duration.ofSeconds(10)).body();
                    oursSessionId = Calls.openSession(endpoint, token);
                    Call session = Calls.session(token, oursSessionId);
                    McpHttpClient.Reply reply = Calls.send(endpoint, session, Duration.ofSeconds(10));
                    Calls.verify("ours", session, reply);
                    oursSessionBody = reply.body();
                    Calls.verify("ours", modern, Calls.send(endpoint, modern, Duration.ofSeconds(10)));
                    Files.writeString(OUT.resolve("ours-modern-answer.json"), oursModernBody);
                    Files.writeString(OUT.resolve("ours-session-answer.json"), oursSessionBody);
                    load("ours", List.of(modern, session), fetchesBefore);
                    if (PROFILE_S > 0) {
                        profile(server, modern);
                    }
                }
            }
        }
    }

    /** A JFR profile of ours under the stateless call at the highest concurrency, not counted in the table. */
    private void profile(FuzzServer server, Call modern) throws Exception {
        int c = CONCURRENCY[CONCURRENCY.length - 1];
        Path script = OUT.resolve("wrk").resolve("ours-modern.lua");
        Path jfr = OUT.resolve("ours-stateless.jfr");
        say("ours: JFR profile of " + PROFILE_S + " s, 2026-07-28 stateless, c=" + c + " (not counted)");
        boolean jfrOn = !Boolean.getBoolean("bench.profile.nojfr");
        if (jfrOn) {
            Profile.start(server.pid(), jfr);
        }
        Wrk.Result r = Wrk.run(WRK, script, endpoint.toString(), c, PROFILE_S, OUT.resolve("wrk").resolve("ours-modern-profile.txt"));
        if (!jfrOn) {
            say("ours: the same run without JFR: " + Math.round(r.rps()) + " req/s");
            say("ours: profile run of " + PROFILE_S + " s, 2025-11-25 session, c=" + c + ", without JFR (not counted)");
            Wrk.Result s = Wrk.run(WRK, OUT.resolve("wrk").resolve("ours-session.lua"), endpoint.toString(), c, PROFILE_S,
                    OUT.resolve("wrk").resolve("ours-session-profile.txt"));
            say("ours: " + Math.round(s.rps()) + " req/s");
            return;
        }
        Profile.stop(server.pid());
        if (!r.clean()) {
            problems.add("ours 2026-07-28 profile run: " + r.problems());
        }
        String summary = Profile.summarize(jfr, 15);
        notes.add("profile (ours, 2026-07-28 stateless, c=" + c + ", " + PROFILE_S + " s under JFR, " + Math.round(r.rps())
                + " req/s): " + OUT.resolve("ours-stateless.jfr.summary.txt"));
        say(summary);
    }

    // ------------------------------------------------------------------ bare

    private void runBare(String token) throws Exception {
        Path war = BareWar.build(OUT.resolve("bare"), oursModernBody, oursSessionBody);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bench.issuer", FuzzAuth.ISSUER);
        config.put("bench.audience", auth.resource());
        config.put("bench.jwks", auth.jwksUrl());
        Call modern = Calls.modern(endpoint, token);
        // the same request as ours got, session header included (the bare endpoint has no sessions and ignores it)
        Call session = Calls.session(token, oursSessionId);
        for (int i = 1; i <= STARTS; i++) {
            say("bare: start " + i + "/" + STARTS + " (" + war.getFileName() + " on Payara Micro)");
            int fetchesBefore = auth.jwksFetches();
            try (FuzzServer server = startPayara(war, config, "bare-" + i, modern, "bare")) {
                if (i == STARTS) {
                    McpHttpClient.Reply m = Calls.send(endpoint, modern, Duration.ofSeconds(10));
                    Calls.verify("bare", modern, m);
                    McpHttpClient.Reply s = Calls.send(endpoint, session, Duration.ofSeconds(10));
                    Calls.verify("bare", session, s);
                    if (!m.body().equals(oursModernBody) || !s.body().equals(oursSessionBody)) {
                        throw new IllegalStateException("the bare endpoint does not answer the bytes ours answered");
                    }
                    McpHttpClient.Reply refused = Calls.send(endpoint, Calls.modern(endpoint, token + "x"), Duration.ofSeconds(10));
                    if (refused.status() != 401) {
                        throw new IllegalStateException("the bare endpoint accepted a token with a broken signature: " + refused.status());
                    }
                    load("bare", List.of(modern, session), fetchesBefore);
                }
            }
        }
    }

    // ------------------------------------------------------------------ peer

    private void runPeer(String token) throws Exception {
        Peer peer = Peer.install(Path.of(System.getProperty("bench.peer.sources", "bench/peer")), OUT.resolve("peer"),
                System.getProperty("mcp.node.package", "node@22"));
        say("peer: " + peer.describe());
        Call modern = Calls.modern(endpoint, token);
        int fetchesBefore = auth.jwksFetches();
        try (ChildProcess process = peer.start(port, FuzzAuth.ISSUER, auth.jwksUrl(), auth.resource(), OUT.resolve("peer.log"))) {
            RUNNING.add(process);
            long ms = awaitRightAnswer(modern, process);
            say("peer: first right answer after " + ms + " ms");
            Calls.verify("peer", modern, Calls.send(endpoint, modern, Duration.ofSeconds(10)));
            Call session = Calls.session(token, Calls.openSession(endpoint, token));
            Calls.verify("peer", session, Calls.send(endpoint, session, Duration.ofSeconds(10)));
            McpHttpClient.Reply refused = Calls.send(endpoint, Calls.modern(endpoint, token + "x"), Duration.ofSeconds(10));
            if (refused.status() != 401) {
                throw new IllegalStateException("the peer accepted a token with a broken signature: " + refused.status());
            }
            load("peer", List.of(modern, session), fetchesBefore);
        }
    }

    // ------------------------------------------------------------------ servers

    private FuzzServer startPayara(Path war, Map<String, String> config, String name, Call probe, String server)
            throws Exception {
        Path log = OUT.resolve(name + ".log");
        Files.deleteIfExists(log);
        awaitPortFree();
        long t0 = System.nanoTime();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + SERVER_HEAP));
        String extra = System.getProperty("bench.jvmOption", "");
        if (!extra.isBlank()) {
            jvm.add(extra);
        }
        FuzzServer s = FuzzServer.start(war, port, jvm, config, OUT.resolve("payara-work"), log);
        RUNNING.add(s);
        try {
            long ms = awaitRightAnswer(probe, null, s, t0);
            startups.computeIfAbsent(server, k -> new ArrayList<>()).add(ms);
            say(server + ": first right answer " + ms + " ms after the process started");
            return s;
        } catch (Exception | Error e) {
            s.close();
            RUNNING.remove(s);
            throw e;
        }
    }

    private long awaitRightAnswer(Call probe, ChildProcess process) throws Exception {
        return awaitRightAnswer(probe, process, null, System.nanoTime());
    }

    /** Polls {@code probe} every 20 ms until the right answer comes; milliseconds since {@code t0}. */
    private long awaitRightAnswer(Call probe, ChildProcess process, FuzzServer server, long t0) throws Exception {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String last = "no answer";
        long failingSince = 0;
        boolean failing = false;
        while (Instant.now().isBefore(deadline)) {
            if ((process != null && !process.isAlive()) || (server != null && !server.isAlive())) {
                Path log = process != null ? process.log() : server.log();
                throw new IllegalStateException("the server exited before answering; end of " + log + ":\n" + tail(log, 40));
            }
            try {
                McpHttpClient.Reply reply = Calls.send(endpoint, probe, Duration.ofSeconds(10));
                if (Calls.isRight(probe, reply)) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
                last = reply.status() + " " + reply.body();
                // Payara answers 500 for a moment while it deploys; 500s for 30 s mean the application fails
                if (reply.status() != 500) {
                    failingSince = 0;
                } else if (failingSince == 0) {
                    failingSince = System.nanoTime();
                } else if (System.nanoTime() - failingSince > TimeUnit.SECONDS.toNanos(30)) {
                    failing = true;
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no right answer" + (failing ? " (HTTP 500 for 30 s)" : " within "
                + READY_TIMEOUT.toSeconds() + " s") + "; last: " + last);
    }

    private void awaitPortFree() throws InterruptedException {
        for (int i = 0; i < 200 && Http.inUse(port); i++) {
            Thread.sleep(100);
        }
        if (Http.inUse(port)) {
            throw new IllegalStateException("port " + port + " is still in use");
        }
    }

    // ------------------------------------------------------------------ load

    /** Runs every point for {@code server}; {@code fetchesBefore}: the JWKS fetches counted before the server started. */
    private void load(String server, List<Call> calls, int fetchesBefore) throws Exception {
        Map<Call, Path> scripts = new LinkedHashMap<>();
        for (Call call : calls) {
            scripts.put(call, Wrk.script(OUT.resolve("wrk").resolve(slug(server, call) + ".lua"), call.body(), call.headers()));
        }
        if (INITIAL_WARMUP_S > 0) {
            // the JIT of a freshly started server is far from done after one point's warm-up (PrintCompilation: C2
            // still compiles hundreds of methods per 10 s a minute after the start, about a core's worth of CPU): every
            // era is warmed up before the first point, so that the era measured first is not measured on a colder JIT
            for (Map.Entry<Call, Path> e : scripts.entrySet()) {
                Wrk.Result warm = Wrk.run(WRK, e.getValue(), endpoint.toString(), 16, INITIAL_WARMUP_S,
                        OUT.resolve("wrk").resolve(slug(server, e.getKey()) + "-initial-warmup.txt"));
                if (!warm.clean()) {
                    problems.add(server + " " + e.getKey().era() + " initial warm-up: " + warm.problems());
                }
            }
        }
        for (Call call : calls) {
            String slug = slug(server, call);
            Path script = scripts.get(call);
            for (int c : CONCURRENCY) {
                Wrk.Result warm = Wrk.run(WRK, script, endpoint.toString(), c, WARMUP_S,
                        OUT.resolve("wrk").resolve(slug + "-c" + c + "-warmup.txt"));
                if (!warm.clean()) {
                    problems.add(server + " " + call.era() + " c=" + c + " warm-up: " + warm.problems());
                }
                Wrk.Result r = Wrk.run(WRK, script, endpoint.toString(), c, DURATION_S,
                        OUT.resolve("wrk").resolve(slug + "-c" + c + ".txt"));
                if (!r.clean()) {
                    problems.add(server + " " + call.era() + " c=" + c + ": " + r.problems());
                }
                results.computeIfAbsent(server, k -> new LinkedHashMap<>()).computeIfAbsent(call.era(), k -> new LinkedHashMap<>())
                        .put(c, r);
                say(String.format(Locale.ROOT, "%s: %-21s c=%-2d %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  answers checked %d, wrong %d%s",
                        server, call.era(), c, r.rps(), r.p50(), r.p99(), r.checked(), r.bad(), r.clean() ? "" : "  ERRORS"));
            }
        }
        int fetches = auth.jwksFetches() - fetchesBefore;
        jwksFetches.put(server, Integer.toString(fetches));
        if (fetches != 1) {
            problems.add(server + " fetched the JWKS " + fetches + " times while it served the load (expected: once, then cached)");
        }
    }

    private static String slug(String server, Call call) {
        return server + "-" + (call.era().equals(Calls.MODERN) ? "modern" : "session");
    }

    // ------------------------------------------------------------------ sessions

    /**
     * Retained heap per idle 2025-era session: 1,000 sessions first (classes, caches, the JMX connection), then the
     * heap after a full GC (median of three readings), {@code SESSIONS} more sessions (initialize + notifications/initialized, 4 clients in
     * parallel, one caller), the heap after a full GC again; the difference divided by the number of sessions.
     */
    private void measureSessions(FuzzServer server, String token) throws Exception {
        say("ours: opening " + SESSIONS + " idle 2025-11-25 sessions");
        openSessions(1_000, token);
        server.heapAfterFullGcQuick();
        FuzzServer.HeapReading before = heapMedian(server);
        long t0 = System.nanoTime();
        openSessions(SESSIONS, token);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        FuzzServer.HeapReading after = heapMedian(server);
        sessionBytes = Math.round((after.usedBytes() - before.usedBytes()) / (double) SESSIONS);
        sessionDetail = String.format(Locale.ROOT, "heap after full GC %s before, %s after %d sessions (opened in %d s)",
                before.mib(), after.mib(), SESSIONS, seconds);
        say("ours: " + sessionBytes + " bytes per idle session (" + sessionDetail + ")");
    }

    /** The median of three readings of the used heap, each right after a full GC. */
    static FuzzServer.HeapReading heapMedian(FuzzServer server) {
        List<FuzzServer.HeapReading> readings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FuzzServer.HeapReading r = server.heapAfterFullGcQuick();
            if (!r.ok()) {
                throw new IllegalStateException("could not read the server's heap:\n" + r.raw());
            }
            readings.add(r);
        }
        readings.sort(java.util.Comparator.comparingLong(FuzzServer.HeapReading::usedBytes));
        return readings.get(1);
    }

    private void openSessions(int count, String token) throws Exception {
        McpHttpClient client = new McpHttpClient(endpoint).authorization("Bearer " + token);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        client.initialize(McpHttpClient.V2025_11_25);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ report

    private String report(String machine, String loadBefore, String loadAfter, long seconds) {
        StringBuilder b = new StringBuilder();
        b.append("jakarta-mcp-server benchmark (bench/run").append(QUICK ? " --quick" : "").append(")\n");
        b.append("machine: ").append(machine).append('\n');
        b.append("load average: ").append(loadBefore).append(" at start, ").append(loadAfter).append(" at end; run took ")
                .append(seconds / 60).append(" min ").append(seconds % 60).append(" s\n");
        if (QUICK) {
            b.append("SMOKE SCALE (--quick): c=1 and c=16 only, ").append(DURATION_S)
                    .append(" s points; the figures prove the harness, they are not measurements\n");
        }
        b.append("tools/call get_channels {\"location\":\"Tokyo\"}, bearer token RS256 checked on every request; wrk, ")
                .append(INITIAL_WARMUP_S).append(" s initial warm-up per server and era (every era before the first point), ").append(WARMUP_S).append(" s warm-up + ").append(DURATION_S).append(" s per point; every answer checked\n");
        b.append("ours = product WAR on Payara Micro 6; bare = JAX-RS endpoint, same JSON bytes, nimbus token check, "
                + "same Payara Micro; peer = TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0, node:http, jose) on Node 22\n\n");
        String head = String.format(Locale.ROOT, "%-21s %4s | %-27s | %-27s | %-27s | %9s %9s %9s%n",
                "era", "c", "ours req/s   p50 ms   p99 ms", "bare req/s   p50 ms   p99 ms", "peer req/s   p50 ms   p99 ms",
                "ours/bare", "p99 o/b", "ours/peer");
        b.append(head);
        b.append("-".repeat(head.length() - 1)).append('\n');
        for (String era : ERAS) {
            for (int c : CONCURRENCY) {
                b.append(String.format(Locale.ROOT, "%-21s %4d", era, c));
                for (String server : SERVERS) {
                    Wrk.Result r = result(server, era, c);
                    b.append(r == null ? String.format(Locale.ROOT, " | %-27s", "n/a")
                            : String.format(Locale.ROOT, " | %10.0f %8.2f %8.2f", r.rps(), r.p50(), r.p99()));
                }
                b.append(String.format(Locale.ROOT, " | %9s %9s %9s%n", ratio(rps(o(era, c)), rps(result("bare", era, c))),
                        ratio(p99(o(era, c)), p99(result("bare", era, c))), ratio(rps(o(era, c)), rps(result("peer", era, c)))));
            }
        }
        b.append('\n');
        b.append("answers checked (all wrong answers, non-2xx and socket errors count as errors):\n");
        for (String server : SERVERS) {
            for (String era : ERAS) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-4s %-21s", server, era));
                for (int c : CONCURRENCY) {
                    Wrk.Result r = result(server, era, c);
                    line.append(r == null ? "  c=" + c + " n/a" : String.format(Locale.ROOT, "  c=%d %d/%d right%s",
                            c, r.checked() - r.bad(), r.requests(), r.clean() ? "" : " ERRORS"));
                }
                b.append(line).append('\n');
            }
        }
        b.append('\n');
        b.append("startup (process start to first right answer, ms): ours ").append(startups.getOrDefault("ours", List.of()))
                .append(", bare ").append(startups.getOrDefault("bare", List.of())).append(" (median of ").append(STARTS).append(")\n");
        b.append("JWKS fetches while serving (each server started fresh, expected 1): ").append(jwksFetches).append('\n');
        b.append("idle 2025-era session: ").append(sessionBytes).append(" bytes retained each (").append(sessionDetail).append(")\n");
        b.append("ours: mcp.rate-limit.requests-per-minute=100000000 (one caller sends all requests), mcp.session.max and "
                + "mcp.session.max-per-caller raised to ").append(SESSIONS + 5_000)
                .append(" (the sessions are opened by one caller); servers with -Xmx").append(SERVER_HEAP).append('\n');
        notes.forEach(n -> b.append(n).append('\n'));
        if (!problems.isEmpty()) {
            b.append("\nERRORS — these figures are not valid:\n");
            problems.forEach(p -> b.append("  ").append(p).append('\n'));
        }
        int top = CONCURRENCY[CONCURRENCY.length - 1];
        if (top != 64) {
            b.append("(--quick: the c64 fields below hold the c=").append(top).append(" figures)\n");
        }
        double vsBare = Double.MAX_VALUE;
        double p99Ratio = 0;
        double vsPeer = Double.MAX_VALUE;
        for (String era : ERAS) {
            vsBare = Math.min(vsBare, rps(o(era, top)) / rps(result("bare", era, top)));
            p99Ratio = Math.max(p99Ratio, p99(o(era, top)) / p99(result("bare", era, top)));
            vsPeer = Math.min(vsPeer, rps(o(era, top)) / rps(result("peer", era, top)));
        }
        long overhead = median(startups.getOrDefault("ours", List.of())) - median(startups.getOrDefault("bare", List.of()));
        b.append(String.format(Locale.ROOT,
                "bench: ratio_vs_bare_c64=%.2f p99_ratio_c64=%.2f ratio_vs_ts_peer_c64=%.2f session_bytes=%d startup_overhead_ms=%d%n",
                vsBare, p99Ratio, vsPeer, sessionBytes, overhead));
        return b.toString();
    }

    private Wrk.Result o(String era, int c) {
        return result("ours", era, c);
    }

    private Wrk.Result result(String server, String era, int c) {
        return results.getOrDefault(server, Map.of()).getOrDefault(era, Map.of()).get(c);
    }

    private static double rps(Wrk.Result r) {
        return r == null ? Double.NaN : r.rps();
    }

    private static double p99(Wrk.Result r) {
        return r == null ? Double.NaN : r.p99();
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    // ------------------------------------------------------------------ machine

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException ignored) {
            // not Linux
        }
        long memMib = -1;
        try {
            memMib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + memMib + " MiB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.runtime.version");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return String.join(" ", Arrays.copyOf(parts, 3));
        } catch (IOException e) {
            return "0 ? ?";
        }
    }

    /** Runs a short command and returns its output; with {@code check}, a non-zero exit status is an error. */
    static String command(List<String> command, Duration timeout, boolean check) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        if (check && p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed (exit " + p.exitValue() + "): " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
