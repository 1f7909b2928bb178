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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run}: the performance benchmark of issue 11, launched by {@code mvn -Pbench package} (exec-maven-plugin,
 * test class path). Everything on 127.0.0.1; one token fits all three servers (its audience is a configured name):
 * <ol>
 *   <li><b>ours</b>: the product WAR on Payara Micro 6 with authorization on (JWKS and RS256 tokens from this JVM,
 *       {@link FuzzAuth}), the demo tools, the per-caller rate limit raised out of the way.</li>
 *   <li><b>bare</b>: a test-only WAR ({@link BareWar}) on the same Payara Micro, a JAX-RS endpoint returning the exact
 *       bytes ours returned, validating the same token with nimbus with the same caching policy.</li>
 *   <li><b>peer</b>: the official TypeScript SDK v2 server ({@link Peer}, bench/peer) on Node 22.</li>
 * </ol>
 * Startup: ours and bare are started {@code startups} times each, alternately and each alone on the machine; each
 * start's time to the first right answer counts for {@code startup_overhead_ms}; the first start of ours also measures
 * the retained heap per idle 2025-era session and captures the answers the bare WAR returns.
 * Load: one more start of each (not counted), all three running side by side on ports of their own; after an initial
 * warm-up of each, per era and concurrency (1, 16, 64; --quick: 1, 16) each server in turn gets a warm-up run and the
 * measured run, at the top concurrency in {@code bench.rounds} rounds of alternating order; every answer checked by
 * the wrk script, the server's CPU time per request read from /proc ({@link ProcessCpu}). Prints the table, writes it
 * to {@code target/bench/report.txt}, and ends with the one {@code bench:} line. Exits with status 1 when any answer
 * was wrong or any run had errors.
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
    /** Rounds of the top-concurrency points, each server's figures the mean of its rounds. */
    private static final int ROUNDS = Math.max(1, Integer.getInteger("bench.rounds", QUICK ? 1 : 2));
    private static final int SESSIONS = Integer.getInteger("bench.sessions", QUICK ? 5_000 : 20_000);
    private static final String SERVER_HEAP = System.getProperty("bench.serverHeap", "1g");
    /** Whether the Payara servers under load start with their whole heap touched ({@link #serverJvmOptions}). */
    private static final boolean PRE_TOUCH = Boolean.parseBoolean(System.getProperty("bench.preTouch", "true"));
    private static final String WRK = System.getProperty("bench.wrk", "wrk");
    /** Seconds of an extra, uncounted stateless run of ours under a JFR profile (0: none). */
    private static final int PROFILE_S = Integer.getInteger("bench.profile", 0);
    /** Only ours, for quick looks while tuning (the table then lacks the comparisons). */
    private static final boolean OURS_ONLY = Boolean.getBoolean("bench.oursOnly");
    private static final boolean STARTUPS_ONLY = Boolean.getBoolean("bench.startupsOnly");
    private static final Pattern DEPLOYED = Pattern.compile("was successfully deployed in ([0-9,]+) milliseconds");
    private static final Pattern READY = Pattern.compile("ready in ([0-9,]+) \\(ms\\)");
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
    /** Microseconds of server CPU (process and descendants, user + system) per answered request, by server, era, c. */
    private final Map<String, Map<String, Map<Integer, Double>>> cpuPerRequest = new LinkedHashMap<>();
    private final Map<String, List<Long>> startups = new LinkedHashMap<>();
    /** Per counted start: Payara's "deployed in" and "ready in" ms. */
    private final Map<String, List<long[]>> startupPhases = new LinkedHashMap<>();
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
            Path bareWar = measureStartups(token);
            if (STARTUPS_ONLY) {
                String report = startupReport();
                Files.writeString(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
                System.out.println();
                System.out.print(report);
                return problems.isEmpty() ? 0 : 1;
            }
            List<Loaded> servers = new ArrayList<>();
            try {
                int fetchesBefore = auth.jwksFetches();
                servers.add(startOursForLoad(token));
                if (!OURS_ONLY) {
                    servers.add(startBareForLoad(bareWar, token));
                    servers.add(startPeer(token));
                }
                load(servers, fetchesBefore);
                if (PROFILE_S > 0) {
                    profile(servers.get(0));
                }
            } finally {
                for (Loaded server : servers) {
                    server.process().close();
                    RUNNING.remove(server.process());
                }
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
        config.put("mcp.execution.max-concurrent-per-caller", "1000");
        config.put("mcp.request-body.max-per-caller", "1000"); // the 64 clients' bodies are one caller's (default 8)
        // the session measurement opens SESSIONS sessions as one caller (defaults: 10,000 in all, 16 per caller)
        config.put("mcp.session.max", Integer.toString(Math.max(10_000, SESSIONS + 5_000)));
        config.put("mcp.session.max-per-caller", Integer.toString(SESSIONS + 5_000));
        return config;
    }

    private static Path oursWar() {
        // bench.war: another build of the product as ours (to compare two versions under the same harness)
        String other = System.getProperty("bench.war", "");
        return Path.of(other.isBlank() ? System.getProperty("mcp.war", "target/jakarta-mcp-server.war") : other)
                .toAbsolutePath();
    }

    /**
     * STARTS starts of ours and of the bare WAR, alternately (ours, bare, ours, …), each server alone on the machine;
     * the first start of ours also measures the idle sessions and captures the answers the bare WAR is built with.
     * Returns the bare WAR (null with {@code bench.oursOnly}).
     */
    private Path measureStartups(String token) throws Exception {
        Path war = oursWar();
        Call modern = Calls.modern(endpoint, token);
        Path bareWar = null;
        for (int i = 1; i <= STARTS; i++) {
            say("ours: start " + i + "/" + STARTS + " (" + war.getFileName() + " on Payara Micro)");
            try (FuzzServer server = startPayara(war, oursConfig(), "ours-" + i, modern, "ours", port)) {
                if (i == 1) {
                    if (!STARTUPS_ONLY) {
                        measureSessions(server, token);
                    }
                    List<String> answers = rightAnswers("ours", endpoint, modern,
                            Calls.session(token, Calls.openSession(endpoint, token)));
                    oursModernBody = answers.get(0);
                    oursSessionBody = answers.get(1);
                    Files.writeString(OUT.resolve("ours-modern-answer.json"), oursModernBody);
                    Files.writeString(OUT.resolve("ours-session-answer.json"), oursSessionBody);
                }
            } finally {
                RUNNING.removeIf(c -> c instanceof FuzzServer f && !f.isAlive());
            }
            if (OURS_ONLY) {
                continue;
            }
            if (bareWar == null) {
                bareWar = BareWar.build(OUT.resolve("bare"), oursModernBody, oursSessionBody);
            }
            say("bare: start " + i + "/" + STARTS + " (" + bareWar.getFileName() + " on Payara Micro)");
            try (FuzzServer server = startPayara(bareWar, bareConfig(), "bare-" + i, modern, "bare", port)) {
                if (i == 1) {
                    checkBare(server, token);
                }
            } finally {
                RUNNING.removeIf(c -> c instanceof FuzzServer f && !f.isAlive());
            }
        }
        return bareWar;
    }

    /** A server under load: its name, process, endpoint and the two calls it is loaded with (one per era). */
    private record Loaded(String server, long pid, URI endpoint, List<Call> calls, AutoCloseable process) {
    }

    private Loaded startOursForLoad(String token) throws Exception {
        Call modern = Calls.modern(endpoint, token);
        say("ours: start for the load (not counted in the startup times)");
        FuzzServer server = startPayara(oursWar(), oursConfig(), "ours-load", modern, null, port);
        Call session = Calls.session(token, Calls.openSession(endpoint, token));
        if (!rightAnswers("ours", endpoint, modern, session).equals(List.of(oursModernBody, oursSessionBody))) {
            throw new IllegalStateException("ours answers other bytes than at its first start");
        }
        return new Loaded("ours", server.pid(), endpoint, List.of(modern, session), server);
    }

    // ------------------------------------------------------------------ bare

    private Map<String, String> bareConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bench.issuer", FuzzAuth.ISSUER);
        config.put("bench.audience", auth.resource());
        config.put("bench.jwks", auth.jwksUrl());
        return config;
    }

    /** The bare WAR answers the bytes ours answered, and refuses a broken signature. */
    private void checkBare(FuzzServer server, String token) throws Exception {
        URI at = URI.create("http://127.0.0.1:" + server.port() + "/mcp");
        List<String> answers = rightAnswers("bare", at, Calls.modern(endpoint, token), Calls.session(token, "bench-session"));
        if (!answers.equals(List.of(oursModernBody, oursSessionBody))) {
            throw new IllegalStateException("the bare endpoint does not answer the bytes ours answered");
        }
        refusesBrokenSignature("the bare endpoint", at, token);
    }

    /** The answers of {@code server} at {@code at} to {@code modern} and {@code session}, each checked in full. */
    private static List<String> rightAnswers(String server, URI at, Call modern, Call session) throws Exception {
        McpHttpClient.Reply m = Calls.send(at, modern, Duration.ofSeconds(10));
        Calls.verify(server, modern, m);
        McpHttpClient.Reply s = Calls.send(at, session, Duration.ofSeconds(10));
        Calls.verify(server, session, s);
        return List.of(m.body(), s.body());
    }

    /** {@code server} at {@code at} answers 401 to a token with a broken signature. */
    private void refusesBrokenSignature(String server, URI at, String token) throws Exception {
        McpHttpClient.Reply refused = Calls.send(at, Calls.modern(endpoint, token + "x"), Duration.ofSeconds(10));
        if (refused.status() != 401) {
            throw new IllegalStateException(server + " accepted a token with a broken signature: " + refused.status());
        }
    }

    private Loaded startBareForLoad(Path war, String token) throws Exception {
        int barePort = Http.freePort();
        Call modern = Calls.modern(endpoint, token);
        say("bare: start for the load (not counted in the startup times)");
        FuzzServer server = startPayara(war, bareConfig(), "bare-load", modern, null, barePort);
        checkBare(server, token);
        // a session header as ours gets (the bare endpoint has no sessions and ignores it)
        return new Loaded("bare", server.pid(), URI.create("http://127.0.0.1:" + barePort + "/mcp"),
                List.of(modern, Calls.session(token, "bench-session")), server);
    }

    // ------------------------------------------------------------------ peer

    private Loaded startPeer(String token) throws Exception {
        Peer peer = Peer.install(Path.of(System.getProperty("bench.peer.sources", "bench/peer")), OUT.resolve("peer"),
                System.getProperty("mcp.node.package", "node@22"));
        say("peer: " + peer.describe());
        int peerPort = Http.freePort();
        URI at = URI.create("http://127.0.0.1:" + peerPort + "/mcp");
        Call modern = Calls.modern(endpoint, token);
        ChildProcess process = peer.start(peerPort, FuzzAuth.ISSUER, auth.jwksUrl(), auth.resource(), OUT.resolve("peer.log"));
        RUNNING.add(process);
        try {
            long ms = awaitRightAnswer(modern, process, null, System.nanoTime(), at);
            say("peer: first right answer after " + ms + " ms");
            Call session = Calls.session(token, Calls.openSession(at, token));
            rightAnswers("peer", at, modern, session);
            refusesBrokenSignature("the peer", at, token);
            return new Loaded("peer", process.pid(), at, List.of(modern, session), process);
        } catch (Exception | Error e) {
            process.close();
            RUNNING.remove(process);
            throw e;
        }
    }

    /** A JFR profile of ours under the stateless call at the highest concurrency, not counted in the table. */
    private void profile(Loaded server) throws Exception {
        int c = CONCURRENCY[CONCURRENCY.length - 1];
        Path script = OUT.resolve("wrk").resolve("ours-modern.lua");
        Path jfr = OUT.resolve("ours-stateless.jfr");
        say("ours: JFR profile of " + PROFILE_S + " s, 2026-07-28 stateless, c=" + c + " (not counted)");
        boolean jfrOn = !Boolean.getBoolean("bench.profile.nojfr");
        if (jfrOn) {
            Profile.start(server.pid(), jfr);
        }
        Wrk.Result r = Wrk.run(WRK, script, server.endpoint().toString(), c, PROFILE_S, OUT.resolve("wrk").resolve("ours-modern-profile.txt"));
        if (!jfrOn) {
            say("ours: the same run without JFR: " + Math.round(r.rps()) + " req/s");
            say("ours: profile run of " + PROFILE_S + " s, 2025-11-25 session, c=" + c + ", without JFR (not counted)");
            Wrk.Result s = Wrk.run(WRK, OUT.resolve("wrk").resolve("ours-session.lua"), server.endpoint().toString(), c, PROFILE_S,
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

    // ------------------------------------------------------------------ servers

    /**
     * Starts {@code war} on {@code at} and waits for the right answer to {@code probe}; its time goes into the startup
     * times of {@code server} (null: not counted).
     */
    private FuzzServer startPayara(Path war, Map<String, String> config, String name, Call probe, String server, int at)
            throws Exception {
        Path log = OUT.resolve(name + ".log");
        Files.deleteIfExists(log);
        awaitPortFree(at);
        long t0 = System.nanoTime();
        // a server started for the load gets its whole heap at once (see serverJvmOptions); a counted start does not
        List<String> options = serverJvmOptions(SERVER_HEAP, server == null && PRE_TOUCH);
        FuzzServer s = FuzzServer.startPayaraMicro(war, at, options, config, OUT.resolve("payara-work-" + at), log);
        RUNNING.add(s);
        try {
            long ms = awaitRightAnswer(probe, null, s, t0, URI.create("http://127.0.0.1:" + at + "/mcp"));
            if (server != null) {
                startups.computeIfAbsent(server, k -> new ArrayList<>()).add(ms);
            }
            say(name + ": first right answer " + ms + " ms after the process started" + phases(log, server));
            return s;
        } catch (Exception | Error e) {
            s.close();
            RUNNING.remove(s);
            throw e;
        }
    }

    /**
     * The start's phases as Payara logs them: its deployment of the WAR ({@code successfully deployed in}) and the
     * server ready ({@code ready in}, from the JVM's start); kept per server for the report when counted.
     */
    private String phases(Path log, String server) {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            Matcher deployed = DEPLOYED.matcher(text);
            Matcher ready = READY.matcher(text);
            if (!deployed.find() || !ready.find()) {
                return "";
            }
            long deployMs = Long.parseLong(deployed.group(1).replace(",", ""));
            long readyMs = Long.parseLong(ready.group(1).replace(",", ""));
            if (server != null) {
                startupPhases.computeIfAbsent(server, k -> new ArrayList<>()).add(new long[]{deployMs, readyMs});
            }
            return " (Payara: deployed in " + deployMs + " ms, ready " + readyMs + " ms after the JVM started)";
        } catch (IOException | RuntimeException e) {
            return " (no phases in " + log + ": " + e + ")";
        }
    }

    /** With {@code bench.startupsOnly}: the startup times, the medians of their phases and the overhead. */
    private String startupReport() {
        StringBuilder b = new StringBuilder("startup (process start to first right answer, ms):\n");
        for (String server : List.of("ours", "bare")) {
            List<Long> firsts = startups.getOrDefault(server, List.of());
            if (firsts.isEmpty()) {
                continue;
            }
            List<long[]> phases = startupPhases.getOrDefault(server, List.of());
            b.append(String.format(Locale.ROOT, "  %-4s first right answer %s median %d; deployed in (median) %d; ready (median) %d%n",
                    server, firsts, median(firsts), median(phases.stream().map(p -> p[0]).toList()),
                    median(phases.stream().map(p -> p[1]).toList())));
        }
        problems.forEach(p -> b.append("ERROR: ").append(p).append('\n'));
        if (!OURS_ONLY) {
            b.append("startup_overhead_ms=").append(startupOverhead()).append('\n');
        }
        return b.toString();
    }

    /**
     * A Payara server's JVM options: its heap and {@code bench.jvmOption} (e.g. a profiler agent), for every run.
     * {@code preTouched}: the whole heap committed and touched as the JVM starts ({@code -Xms} = {@code -Xmx},
     * {@code -XX:+AlwaysPreTouch}), as production servers are commonly run. Without it, G1 grows the heap under load
     * and every page it touches for the first time is a page fault on the allocating request thread: in a profile of
     * 2026-12-01 (ours, stateless c=64) 6 % of the server's CPU in one 10 s window, in the era measured first, and
     * none once the heap had grown; so the first era measured paid for a warm-up the second did not.
     */
    static List<String> serverJvmOptions(String heap, boolean preTouched) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        if (preTouched) {
            options.addAll(List.of("-Xms" + heap, "-XX:+AlwaysPreTouch"));
        }
        String extra = System.getProperty("bench.jvmOption", "");
        if (!extra.isBlank()) {
            options.add(extra);
        }
        return options;
    }

    /** Median start of ours minus median start of bare, in ms. */
    private long startupOverhead() {
        return median(startups.getOrDefault("ours", List.of())) - median(startups.getOrDefault("bare", List.of()));
    }

    /** Polls {@code probe} at {@code at} every 20 ms until the right answer comes; milliseconds since {@code t0}. */
    private long awaitRightAnswer(Call probe, ChildProcess process, FuzzServer server, long t0, URI at) throws Exception {
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
                McpHttpClient.Reply reply = Calls.send(at, probe, Duration.ofSeconds(10));
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

    private static void awaitPortFree(int at) throws InterruptedException {
        for (int i = 0; i < 200 && Http.inUse(at); i++) {
            Thread.sleep(100);
        }
        if (Http.inUse(at)) {
            throw new IllegalStateException("port " + at + " is still in use");
        }
    }

    // ------------------------------------------------------------------ load

    /**
     * Runs every point for all {@code servers}, which run side by side: first the initial warm-up of each, then for
     * each era and concurrency one server after the other, so that the points the ratios compare are taken within a
     * minute of each other, not minutes apart while the VM's share of the CPUs drifts. At the top concurrency (the
     * ratios' points) {@code bench.rounds} rounds (2; --quick 1) in alternating order (ours, bare, peer, then peer,
     * bare, ours), each server's figures the mean of its rounds. {@code fetchesBefore}: the JWKS fetches counted
     * before the servers started (each fetches once, at its first token).
     */
    private void load(List<Loaded> servers, int fetchesBefore) throws Exception {
        Map<Loaded, Map<Call, Path>> scripts = new LinkedHashMap<>();
        for (Loaded server : servers) {
            Map<Call, Path> own = new LinkedHashMap<>();
            for (Call call : server.calls()) {
                own.put(call, Wrk.script(OUT.resolve("wrk").resolve(slug(server.server(), call) + ".lua"), call.body(), call.headers()));
            }
            scripts.put(server, own);
        }
        if (INITIAL_WARMUP_S > 0) {
            // the JIT of a freshly started server is far from done after one point's warm-up (PrintCompilation: C2
            // still compiles hundreds of methods per 10 s a minute after the start, about a core's worth of CPU): every
            // era is warmed up before the first point, so that the era measured first is not measured on a colder JIT
            for (Loaded server : servers) {
                for (Map.Entry<Call, Path> e : scripts.get(server).entrySet()) {
                    Wrk.Result warm = Wrk.run(WRK, e.getValue(), server.endpoint().toString(), 16, INITIAL_WARMUP_S,
                            OUT.resolve("wrk").resolve(slug(server.server(), e.getKey()) + "-initial-warmup.txt"));
                    if (!warm.clean()) {
                        problems.add(server.server() + " " + e.getKey().era() + " initial warm-up: " + warm.problems());
                    }
                }
            }
        }
        int top = CONCURRENCY[CONCURRENCY.length - 1];
        for (int era = 0; era < ERAS.size(); era++) {
            for (int c : CONCURRENCY) {
                int rounds = c == top ? ROUNDS : 1;
                Map<Loaded, List<Wrk.Result>> taken = new LinkedHashMap<>();
                Map<Loaded, List<Double>> cpus = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    List<Loaded> order = new ArrayList<>(servers);
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (Loaded server : order) {
                        Call call = server.calls().get(era);
                        String point = slug(server.server(), call) + "-c" + c + (rounds > 1 ? "-round" + (round + 1) : "");
                        Path script = scripts.get(server).get(call);
                        Wrk.Result warm = Wrk.run(WRK, script, server.endpoint().toString(), c, WARMUP_S,
                                OUT.resolve("wrk").resolve(point + "-warmup.txt"));
                        if (!warm.clean()) {
                            problems.add(server.server() + " " + call.era() + " c=" + c + " warm-up: " + warm.problems());
                        }
                        long cpuBefore = ProcessCpu.micros(server.pid());
                        Wrk.Result r = Wrk.run(WRK, script, server.endpoint().toString(), c, DURATION_S,
                                OUT.resolve("wrk").resolve(point + ".txt"));
                        long cpuAfter = ProcessCpu.micros(server.pid());
                        if (!r.clean()) {
                            problems.add(server.server() + " " + call.era() + " c=" + c + ": " + r.problems());
                        }
                        double cpu = cpuBefore < 0 || cpuAfter < 0 || r.requests() == 0 ? Double.NaN
                                : (cpuAfter - cpuBefore) / (double) r.requests();
                        taken.computeIfAbsent(server, k -> new ArrayList<>()).add(r);
                        cpus.computeIfAbsent(server, k -> new ArrayList<>()).add(cpu);
                        say(String.format(Locale.ROOT, "%s: %-21s c=%-2d%s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  CPU %5.0f us/req  answers checked %d, wrong %d%s",
                                server.server(), call.era(), c, rounds > 1 ? " round " + (round + 1) : "", r.rps(), r.p50(), r.p99(),
                                cpu, r.checked(), r.bad(), r.clean() ? "" : "  ERRORS"));
                    }
                }
                for (Loaded server : servers) {
                    String eraName = server.calls().get(era).era();
                    results.computeIfAbsent(server.server(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(eraName, k -> new LinkedHashMap<>()).put(c, Wrk.Result.mean(taken.get(server)));
                    cpuPerRequest.computeIfAbsent(server.server(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(eraName, k -> new LinkedHashMap<>())
                            .put(c, cpus.get(server).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
                }
            }
        }
        int fetches = auth.jwksFetches() - fetchesBefore;
        jwksFetches.put("all " + servers.size() + " servers", Integer.toString(fetches));
        if (fetches != servers.size()) {
            problems.add("the servers fetched the JWKS " + fetches + " times in all while they started and served the load"
                    + " (expected: once each, then cached)");
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
                .append(INITIAL_WARMUP_S).append(" s initial warm-up per server and era (every era before the first point), ").append(WARMUP_S).append(" s warm-up + ").append(DURATION_S)
                .append(" s per point; the servers side by side, each point taken for one server after the other; c=")
                .append(CONCURRENCY[CONCURRENCY.length - 1]).append(": mean of ").append(ROUNDS)
                .append(" round(s) in alternating order; every answer checked\n");
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
        b.append("server CPU per answered request (us; user + system time of the server process and its children over the\n"
                + "point, from /proc; c=" + CONCURRENCY[CONCURRENCY.length - 1] + ": mean of the rounds):\n");
        String cpuHead = String.format(Locale.ROOT, "%-21s %4s | %8s %8s %8s | %9s%n", "era", "c", "ours", "bare", "peer", "bare/ours");
        b.append(cpuHead);
        b.append("-".repeat(cpuHead.length() - 1)).append('\n');
        for (String era : ERAS) {
            for (int c : CONCURRENCY) {
                b.append(String.format(Locale.ROOT, "%-21s %4d |", era, c));
                for (String server : SERVERS) {
                    b.append(String.format(Locale.ROOT, " %8.0f", cpu(server, era, c)));
                }
                b.append(String.format(Locale.ROOT, " | %9s%n", ratio(cpu("bare", era, c), cpu("ours", era, c))));
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
        b.append("JWKS fetches while the servers under load started and served (expected one each): ").append(jwksFetches).append('\n');
        b.append("idle 2025-era session: ").append(sessionBytes).append(" bytes retained each (").append(sessionDetail).append(")\n");
        b.append("ours: mcp.rate-limit.requests-per-minute=100000000, mcp.execution.max-concurrent-per-caller=1000 and "
                + "mcp.request-body.max-per-caller=1000 "
                + "(one caller sends all requests), mcp.session.max and "
                + "mcp.session.max-per-caller raised to ").append(SESSIONS + 5_000)
                .append(" (the sessions are opened by one caller); servers with -Xmx").append(SERVER_HEAP)
                .append(PRE_TOUCH ? ", the loaded ones also -Xms" + SERVER_HEAP + " -XX:+AlwaysPreTouch" : "").append('\n');
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
        long overhead = startupOverhead();
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

    private double cpu(String server, String era, int c) {
        Double value = cpuPerRequest.getOrDefault(server, Map.of()).getOrDefault(era, Map.of()).get(c);
        return value == null ? Double.NaN : value;
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
