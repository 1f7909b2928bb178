package dev.jakartamcp.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The whole OAuth dance with a real authorization server and MCP clients nobody on this project wrote: Keycloak
 * 26.7.3 with the realm the project ships (access tokens live 15 s here, so that one can expire during a session),
 * the WAR on each server ({@link E2eServer}: Payara Micro 6, Payara Micro 7, Open Liberty), and MCP Inspector
 * 2.12.0, the TypeScript SDK 2.x (2026-07-28) and 1.x (2025-11-25) doing discovery, dynamic client registration,
 * authorization code with PKCE and {@code resource}, refresh, client credentials and step-up by themselves. A stand-in user fills in Keycloak's login form
 * (src/test/e2e/headless-login.mjs). Everything listens on 127.0.0.1 only.
 *
 * <p>Keycloak starts once; the cases run once per server, each server in turn on the same port (the realm's resource
 * is its URL), started with the same configuration. A server whose profile the build left out (payara7, liberty) is
 * not among them, and the report says so. A table of server, client, case, result and time is printed at the end and
 * written to target/e2e/report.txt.
 */
@Tag("e2e")
@ParameterizedClass(name = "{0}")
@MethodSource("servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakE2E {
    static final int TOKEN_LIFESPAN_SECONDS = 15;
    static final String INSPECTOR = "MCP Inspector CLI 2.12.0";
    static final String SDK_V2 = "TypeScript SDK 2.x (@modelcontextprotocol/client)";
    static final String SDK_V1 = "TypeScript SDK 1.x (@modelcontextprotocol/sdk)";
    static final String HTTP_CLIENT = "java.net.http (as a browser)";

    static final Path OUT = Path.of(System.getProperty("mcp.build.dir", "target"), "e2e");
    static final List<String> REPORT = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = Http.client().build();

    static Keycloak keycloak;
    static NodeClients clients;
    static String mcpUrl;
    static int mcpPort;
    static Map<String, String> config;
    static Instant suiteStarted;
    static List<E2eServer> servers;
    static int serversDone;
    static E2eServer.Running server;

    /** The server of this run of the cases. */
    @Parameter
    E2eServer target;

    /** The servers this build can run (all three when the profiles payara7 and liberty are active, as in CI). */
    static List<E2eServer> servers() {
        if (servers == null) {
            servers = new ArrayList<>();
            for (E2eServer candidate : E2eServer.values()) {
                candidate.missing().ifPresentOrElse(
                        why -> REPORT.add(row("(setup)", "not run on " + candidate + ": " + why, true, 0, "")),
                        () -> servers.add(candidate));
            }
        }
        return servers;
    }

    @BeforeParameterizedClassInvocation
    static void startServer(E2eServer target) throws Exception {
        if (keycloak == null) {
            startKeycloakAndClients();
        }
        long started = System.nanoTime();
        REPORT.add("--- " + target + " " + "-".repeat(150 - target.toString().length()));
        server = target.start(Path.of(System.getProperty("mcp.war", "target/jakarta-mcp-server.war")), mcpPort, config,
                OUT.resolve(target.name().toLowerCase(Locale.ROOT)));
        server.awaitReady(Duration.ofMinutes(10));
        System.out.printf("[e2e] %s on %s ready after %d s%n", target, mcpUrl, (System.nanoTime() - started) / 1_000_000_000);
        REPORT.add(row("(setup)", target + " started with the WAR", true, (System.nanoTime() - started) / 1_000_000, ""));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() throws IOException {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (++serversDone == servers().size()) {
            stopKeycloakAndReport();
        }
    }

    private static void startKeycloakAndClients() throws Exception {
        suiteStarted = Instant.now();
        Path demoDir = Path.of(System.getProperty("mcp.demo.dir", ".demo"));
        String zip = System.getProperty("mcp.keycloak.zip", "");
        Path logs = OUT.resolve("logs");
        Files.createDirectories(logs);
        int keycloakPort = Http.freePort();
        mcpPort = Http.freePort();
        mcpUrl = "http://127.0.0.1:" + mcpPort + "/mcp";
        String issuer = "http://127.0.0.1:" + keycloakPort + "/realms/" + Keycloak.REALM;

        config = new LinkedHashMap<>();
        config.put("mcp.auth.enabled", "true");
        config.put("mp.jwt.verify.issuer", issuer);
        config.put("mp.jwt.verify.publickey.location", issuer + "/protocol/openid-connect/certs");
        config.put("mcp.resource", mcpUrl);
        config.put("mcp.auth.roles-claims", "permissions");
        config.put("mcp.auth.clock-skew", "PT1S");
        config.put("mcp.allowed-origins", "http://localhost:6274");
        config.put("mcp.examples.enabled", "true");
        // npm needs nothing from Keycloak, so both are set up at once
        CompletableFuture<NodeClients> npm = CompletableFuture.supplyAsync(() -> {
            try {
                return NodeClients.install(Path.of(System.getProperty("mcp.e2e.sources", "src/test/e2e")), OUT.resolve("node"),
                        logs.resolve("npm.log"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Path home = Keycloak.install(zip.isBlank() ? null : Path.of(zip), demoDir, m -> System.out.println("[e2e] " + m));
        keycloak = Keycloak.start(home, keycloakPort, demoDir.resolve("state").resolve("e2e"), logs.resolve("keycloak.log"));
        keycloak.awaitReady(Duration.ofMinutes(10));
        String realm = Keycloak.realmFor(Files.readString(Path.of(System.getProperty("mcp.realm", "server-config/keycloak/mcp-realm.json"))),
                mcpUrl, TOKEN_LIFESPAN_SECONDS);
        keycloak.provisionRealm(realm);
        Duration keycloakReady = Duration.between(suiteStarted, Instant.now());
        clients = npm.join();
        System.out.printf("[e2e] Keycloak %s on %s ready after %d s, clients installed after %d s; servers: %s%n",
                Keycloak.VERSION, keycloak.baseUrl(), keycloakReady.toSeconds(), Duration.between(suiteStarted, Instant.now()).toSeconds(),
                servers());
        REPORT.add(row("(setup)", "Keycloak started, realm created, npm ci", true,
                Duration.between(suiteStarted, Instant.now()).toMillis(), ""));
    }

    private static void stopKeycloakAndReport() throws IOException {
        if (keycloak != null) {
            keycloak.stop();
        }
        List<String> cases = REPORT.stream().filter(r -> !r.startsWith("(setup)") && !r.startsWith("---")).toList();
        long passed = cases.stream().filter(r -> r.contains("| pass |")).count();
        long failed = cases.stream().filter(r -> r.contains("| FAIL |")).count();
        long skipped = cases.stream().filter(r -> r.contains("| skip |")).count();
        String table = String.format("%n%-52s | %-84s | %-4s | %7s |%n", "client", "case", "", "time")
                + "-".repeat(160) + "\n" + String.join("\n", REPORT) + "\n"
                + String.format("end-to-end cases: %d passed, %d failed, %d skipped; %d s with startup%n", passed, failed, skipped,
                Duration.between(suiteStarted, Instant.now()).toSeconds());
        System.out.println(table);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("report.txt"), table);
    }

    // ---------------------------------------------------------------------------------------------------- Inspector

    @Test
    @Order(1)
    void inspectorLogsInWithItsOwnOAuthAndCallsGetChannels() throws Exception {
        record(INSPECTOR, "401 -> PRM -> DCR -> auth code + PKCE + resource -> tools/call get_channels (alice)", () -> {
            assumeFalse(windows(), "the stand-in browser is opened through xdg-open/BROWSER");
            Path browserLog = OUT.resolve("logs").resolve("inspector-alice-browser.log");
            Files.deleteIfExists(browserLog);
            NodeClients.Result result = inspector("alice", browserLog, List.of("--method", "tools/call",
                    "--tool-name", "get_channels", "--tool-args-json", "{\"location\":\"Tokyo\"}"));
            String browser = Files.exists(browserLog) ? Files.readString(browserLog) : "(the browser was never opened)";
            assertEquals(0, result.exit(), () -> "exit " + result.exit() + "\n" + result.stdout() + "\nbrowser:\n" + browser);
            assertTrue(result.stdout().contains("\"NHK G\"") && result.stdout().contains("\"ETV\""), result.stdout());
            String authorization = browser.lines().filter(l -> l.contains(" GET ") && l.contains("/protocol/openid-connect/auth?"))
                    .findFirst().orElseThrow(() -> new AssertionError("no authorization request in the browser log:\n" + browser));
            URI authorizationUrl = URI.create(authorization.substring(authorization.indexOf("http")));
            Map<String, String> query = query(authorizationUrl);
            assertEquals(mcpUrl, query.get("resource"), authorization);
            assertEquals("S256", query.get("code_challenge_method"), authorization);
            assertTrue(query.getOrDefault("scope", "").contains("channels:read"), authorization);
            assertTrue(browser.contains("callback answered 200"), browser);
            JsonObject registered = registeredClient(query.get("client_id"));
            assertEquals("MCP Inspector", registered.getString("name", ""), "the client Inspector registered itself as: " + registered);
            return "client " + query.get("client_id") + " registered itself; scope " + query.get("scope");
        });
    }

    @Test
    @Order(2)
    void inspectorListsOnlyWhatBobMayUse() throws Exception {
        record(INSPECTOR, "tools/list as bob hides record_program", () -> {
            assumeFalse(windows(), "the stand-in browser is opened through xdg-open/BROWSER");
            Path browserLog = OUT.resolve("logs").resolve("inspector-bob-browser.log");
            NodeClients.Result result = inspector("bob", browserLog, List.of("--method", "tools/list"));
            assertEquals(0, result.exit(), () -> result.stdout());
            assertTrue(result.stdout().contains("\"get_channels\""), result.stdout());
            assertFalse(result.stdout().contains("record_program"), result.stdout());
            return "tools: get_channels";
        });
    }

    // ------------------------------------------------------------------------------------------------------ SDKs

    @Test
    @Order(3)
    void sdkV2LogsInListsAndCalls() throws Exception {
        record(SDK_V2, "401 -> PRM -> DCR -> auth code + PKCE + resource; list, call (alice)", () -> {
            JsonObject report = sdk("v2", "login", "alice");
            assertLoggedInListedAndCalled(report, "2026-07-28");
            return summary(report);
        });
    }

    @Test
    @Order(4)
    void sdkV1LogsInListsAndCalls() throws Exception {
        record(SDK_V1, "401 -> PRM -> DCR -> auth code + PKCE + resource; list, call (alice)", () -> {
            JsonObject report = sdk("v1", "login", "alice");
            assertLoggedInListedAndCalled(report, "2025-11-25");
            return summary(report);
        });
    }

    // ---------------------------------------------------------------------------------------- machine to machine

    @Test
    @Order(5)
    void sdkV2ClientCredentials() throws Exception {
        record(SDK_V2, "client_credentials (mcp-m2m) with resource; list, call both tools", () -> {
            JsonObject report = m2m("v2");
            assertMachineToMachine(report, "2026-07-28");
            return summary(report);
        });
    }

    @Test
    @Order(6)
    void sdkV1ClientCredentials() throws Exception {
        record(SDK_V1, "client_credentials (mcp-m2m) with resource; list, call both tools", () -> {
            JsonObject report = m2m("v1");
            assertMachineToMachine(report, "2025-11-25");
            return summary(report);
        });
    }

    // --------------------------------------------------------------------------------------------------- step-up

    @Test
    @Order(7)
    void sdkV2BobIsRefusedRecordProgramWithInsufficientScope() throws Exception {
        record(SDK_V2, "bob: no record_program in tools/list; call -> 403 insufficient_scope", () -> {
            JsonObject report = sdk("v2", "step-up", "bob");
            return assertStepUpRefused(report);
        });
    }

    @Test
    @Order(8)
    void sdkV1BobIsRefusedRecordProgramWithInsufficientScope() throws Exception {
        record(SDK_V1, "bob: no record_program in tools/list; call -> 403 insufficient_scope", () -> {
            JsonObject report = sdk("v1", "step-up", "bob");
            return assertStepUpRefused(report);
        });
    }

    @Test
    @Order(9)
    void sdkV2AliceMayRecord() throws Exception {
        record(SDK_V2, "alice: record_program succeeds", () -> {
            JsonObject report = sdk("v2", "step-up", "alice");
            assertTrue(report.getBoolean("ok"), report::toString);
            JsonObject call = lastStep(report, "tools/call");
            assertFalse(call.containsKey("error"), report::toString);
            assertTrue(call.getString("text").startsWith("Recording scheduled"), report::toString);
            assertTrue(toolsListed(report).contains("record_program"), report::toString);
            return call.getString("text");
        });
    }

    // ------------------------------------------------------------------------------------------- token lifetime

    @Test
    @Order(10)
    void tokensExpireDuringASessionAndTheClientsRefresh() throws Exception {
        // Both SDKs wait for their token to expire at the same time.
        long started = System.nanoTime();
        CompletableFuture<JsonObject> v1 = CompletableFuture.supplyAsync(() -> quietly(() -> sdk("v1", "expiry", "alice")));
        CompletableFuture<JsonObject> v2 = CompletableFuture.supplyAsync(() -> quietly(() -> sdk("v2", "expiry", "alice")));
        List<Throwable> failures = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<JsonObject>> entry : Map.of(SDK_V1, v1, SDK_V2, v2).entrySet()) {
            try {
                record(entry.getKey(), "access token (" + TOKEN_LIFESPAN_SECONDS + " s) expires mid-session -> 401 -> refresh -> call ok",
                        () -> assertRecoveredAfterExpiry(entry.getValue().join()), started);
            } catch (Throwable t) {
                failures.add(t);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of 2 clients did not recover");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    // ------------------------------------------------------------------------------------------------------ CORS

    @Test
    @Order(11)
    void corsForBrowserClients() throws Exception {
        record(HTTP_CLIENT, "CORS: preflight without token; 401 readable from http://localhost:6274", () -> {
            String origin = "http://localhost:6274";
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(mcpUrl))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version, mcp-session-id")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), preflight::toString);
            assertEquals(origin, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT).contains("authorization"));

            HttpResponse<String> challenge = HTTP.send(HttpRequest.newBuilder(URI.create(mcpUrl))
                    .header("Origin", origin).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, challenge.statusCode());
            assertEquals(origin, challenge.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            String exposed = challenge.headers().firstValue("Access-Control-Expose-Headers").orElse("").toLowerCase(Locale.ROOT);
            for (String header : List.of("www-authenticate", "mcp-session-id", "mcp-protocol-version")) {
                assertTrue(exposed.contains(header), "exposed: " + exposed);
            }

            HttpResponse<String> metadataPreflight = HTTP.send(HttpRequest.newBuilder(URI.create(
                            mcpUrl.replace("/mcp", "/.well-known/oauth-protected-resource/mcp")))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://elsewhere.example").header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "mcp-protocol-version").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, metadataPreflight.statusCode());
            assertEquals("*", metadataPreflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(mcpUrl))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode());
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            return "preflight 204, 401 exposes WWW-Authenticate, other origins refused";
        });
    }

    @Test
    @Order(12)
    void anonymousRegistrationOnlyForLoopbackRedirects() throws Exception {
        record(HTTP_CLIENT, "anonymous DCR: loopback redirect 201, https redirect refused", () -> {
            String registration = keycloak.issuer() + "/clients-registrations/openid-connect";
            HttpResponse<String> loopback = register(registration, "http://127.0.0.1:40123/callback");
            assertEquals(201, loopback.statusCode(), loopback::body);
            HttpResponse<String> elsewhere = register(registration, "https://client.example/callback");
            assertTrue(elsewhere.statusCode() >= 400, elsewhere::body);
            return "loopback " + loopback.statusCode() + ", https://client.example " + elsewhere.statusCode();
        });
    }

    private static HttpResponse<String> register(String endpoint, String redirectUri) throws Exception {
        String body = "{\"client_name\":\"e2e\",\"client_uri\":\"https://client.example/\",\"redirect_uris\":[\"" + redirectUri
                + "\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\"],\"response_types\":[\"code\"]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static NodeClients.Result inspector(String user, Path browserLog, List<String> method) throws Exception {
        Path storage = Files.createTempDirectory(OUT, "inspector-" + user);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", clients.bin() + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        environment.put("BROWSER", clients.bin().resolve("headless-browser").toString());
        environment.put("MCP_AUTO_OPEN_ENABLED", "true");
        environment.put("MCP_STORAGE_DIR", storage.toString());
        environment.put("MCP_INSPECTOR_OAUTH_STATE_PATH", storage.resolve("oauth.json").toString());
        environment.put("MCP_INSPECTOR_SECRET_STORE", "memory");
        environment.put("MCP_E2E_USERNAME", user);
        environment.put("MCP_E2E_PASSWORD", user);
        environment.put("MCP_E2E_BROWSER_LOG", browserLog.toAbsolutePath().toString());
        List<String> args = new ArrayList<>(List.of("--transport", "http", "--server-url", mcpUrl,
                "--callback-url", "http://127.0.0.1:" + Http.freePort() + "/oauth/callback", "--format", "json"));
        args.addAll(method);
        return clients.inspector(args, environment, OUT.resolve("logs").resolve("inspector-" + user + ".log"));
    }

    private static JsonObject sdk(String sdk, String testCase, String user) throws Exception {
        JsonObject report = clients.runScript("sdk-client.mjs", List.of("--sdk", sdk, "--url", mcpUrl, "--case", testCase,
                "--user", user, "--password", user), OUT.resolve("logs").resolve("sdk-" + sdk + "-" + testCase + "-" + user + ".log"));
        Files.writeString(OUT.resolve("logs").resolve("sdk-" + sdk + "-" + testCase + "-" + user + ".json"), report.toString());
        return report;
    }

    private static JsonObject m2m(String sdk) throws Exception {
        JsonObject report = clients.runScript("sdk-client.mjs", List.of("--sdk", sdk, "--url", mcpUrl, "--case", "m2m",
                        "--client-id", "mcp-m2m", "--client-secret", "mcp-m2m-secret",
                        // the 1.x and 2.x ClientCredentialsProvider request only the scope they are given
                        "--scope", "channels:read recordings:write", "--issuer", keycloak.issuer()),
                OUT.resolve("logs").resolve("sdk-" + sdk + "-m2m.log"));
        Files.writeString(OUT.resolve("logs").resolve("sdk-" + sdk + "-m2m.json"), report.toString());
        return report;
    }

    private static void assertLoggedInListedAndCalled(JsonObject report, String protocolVersion) {
        assertTrue(report.getBoolean("ok"), report::toString);
        assertEquals(protocolVersion, report.getString("protocolVersion", null), report::toString);
        List<JsonObject> exchanges = exchanges(report);
        JsonObject first = exchanges.get(0);
        assertEquals("mcp", first.getString("to"));
        assertEquals(401, first.getInt("status"), report::toString);
        assertTrue(first.getString("wwwAuthenticate", "").contains("resource_metadata=\""), report::toString);
        assertTrue(exchanges.stream().anyMatch(e -> e.getString("url").endsWith("/.well-known/oauth-protected-resource/mcp") && e.getInt("status") == 200),
                "protected resource metadata read: " + report);
        assertTrue(exchanges.stream().anyMatch(e -> e.getString("url").contains("/clients-registrations/") && e.getInt("status") == 201),
                "dynamic client registration: " + report);
        JsonObject token = exchanges.stream().filter(e -> formValue(e, "grant_type").equals("authorization_code")).findFirst()
                .orElseThrow(() -> new AssertionError("no authorization_code token request: " + report));
        assertEquals(200, token.getInt("status"));
        assertEquals(mcpUrl, formValue(token, "resource"), "resource on the token request");
        assertEquals("present", formValue(token, "code_verifier"), "PKCE verifier on the token request");
        JsonObject login = report.getJsonArray("logins").getJsonObject(0);
        assertEquals(mcpUrl, login.getString("resource", null), "resource on the authorization request");
        assertEquals("S256", login.getString("codeChallengeMethod", null));
        JsonObject tokenStep = lastStep(report, "token");
        assertEquals(mcpUrl, tokenStep.get("aud") instanceof JsonString s ? s.getString() : tokenStep.get("aud").toString(),
                "the access token's audience is exactly the MCP URL (resource indicator)");
        assertEquals(List.of("get_channels", "record_program"), toolsListed(report));
        JsonObject call = lastStep(report, "tools/call");
        assertEquals("NHK G\nETV", call.getString("text", null), report::toString);
    }

    private static void assertMachineToMachine(JsonObject report, String protocolVersion) {
        assertTrue(report.getBoolean("ok"), report::toString);
        assertEquals(protocolVersion, report.getString("protocolVersion", null));
        JsonObject token = exchanges(report).stream().filter(e -> formValue(e, "grant_type").equals("client_credentials")).findFirst()
                .orElseThrow(() -> new AssertionError("no client_credentials token request: " + report));
        assertEquals(200, token.getInt("status"), report::toString);
        assertEquals(mcpUrl, formValue(token, "resource"), "resource on the client_credentials request");
        assertEquals(List.of("get_channels", "record_program"), toolsListed(report));
        List<JsonObject> calls = steps(report, "tools/call");
        assertEquals(2, calls.size(), report::toString);
        calls.forEach(c -> assertFalse(c.containsKey("error") || c.getBoolean("isError"), report::toString));
    }

    private static String assertStepUpRefused(JsonObject report) {
        assertTrue(report.getBoolean("ok"), report::toString);
        assertEquals(List.of("get_channels"), toolsListed(report), "bob's tools/list");
        JsonObject refused = exchanges(report).stream().filter(e -> e.getInt("status") == 403).findFirst()
                .orElseThrow(() -> new AssertionError("no 403: " + report));
        String challenge = refused.getString("wwwAuthenticate", "");
        assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"insufficient_scope\"")
                && challenge.contains("scope=\"recordings:write\"") && challenge.contains("resource_metadata=\""), challenge);
        List<JsonObject> calls = steps(report, "tools/call");
        assertTrue(calls.stream().allMatch(c -> c.containsKey("error")), "record_program must not succeed for bob: " + report);
        long reauthorizations = report.getJsonArray("logins").size() - 1L
                + exchanges(report).stream().filter(e -> formValue(e, "grant_type").equals("refresh_token")).count();
        assertTrue(reauthorizations >= 1, "the client tried to step up: " + report);
        return "403 " + challenge.replaceAll(".*(error=\"[^\"]+\").*(scope=\"[^\"]+\").*", "$1 $2") + "; step-up attempts "
                + reauthorizations + "; " + calls.get(calls.size() - 1).getString("error").replaceAll("\\s+", " ");
    }

    private static String assertRecoveredAfterExpiry(JsonObject report) {
        assertTrue(report.getBoolean("ok"), report::toString);
        List<JsonObject> exchanges = exchanges(report);
        int waited = -1;
        for (int i = 0; i < report.getJsonArray("steps").size(); i++) {
            if (report.getJsonArray("steps").getJsonObject(i).getString("step").equals("wait")) {
                waited = report.getJsonArray("steps").getJsonObject(i).getInt("atMillis");
            }
        }
        int afterWait = waited;
        assertTrue(afterWait > 0, report::toString);
        List<JsonObject> later = exchanges.stream().filter(e -> e.getInt("atMillis") >= afterWait).toList();
        JsonObject expired = later.stream().filter(e -> e.getString("to").equals("mcp") && e.getInt("status") == 401).findFirst()
                .orElseThrow(() -> new AssertionError("no 401 after the token expired: " + report));
        assertTrue(expired.getString("wwwAuthenticate", "").contains("error=\"invalid_token\""), expired.toString());
        assertTrue(later.stream().anyMatch(e -> formValue(e, "grant_type").equals("refresh_token") && e.getInt("status") == 200),
                "refresh_token grant after the 401: " + report);
        JsonObject call = lastStep(report, "tools/call");
        assertEquals("NHK G\nETV", call.getString("text", null), report::toString);
        return "401 " + expired.getString("wwwAuthenticate").replaceAll(".*error_description=\"([^\"]+)\".*", "'$1'")
                + " -> refresh_token -> call ok (" + report.getString("protocolVersion", "") + ")";
    }

    private static JsonObject registeredClient(String clientId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/"
                        + Keycloak.REALM + "/clients?clientId=" + clientId))
                .header("Authorization", "Bearer " + keycloak.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonArray found = reader.readArray();
            assertEquals(1, found.size(), "client " + clientId + " in Keycloak: " + response.body());
            return found.getJsonObject(0);
        }
    }

    private static List<JsonObject> exchanges(JsonObject report) {
        return report.getJsonArray("exchanges").getValuesAs(JsonObject.class);
    }

    private static List<JsonObject> steps(JsonObject report, String name) {
        return report.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("step").equals(name)).toList();
    }

    private static JsonObject lastStep(JsonObject report, String name) {
        List<JsonObject> found = steps(report, name);
        assertFalse(found.isEmpty(), () -> "no step " + name + ": " + report);
        return found.get(found.size() - 1);
    }

    private static List<String> toolsListed(JsonObject report) {
        JsonObject list = lastStep(report, "tools/list");
        assertNotNull(list.getJsonArray("tools"), report::toString);
        return list.getJsonArray("tools").getValuesAs(JsonString.class).stream().map(JsonString::getString).sorted().toList();
    }

    private static String formValue(JsonObject exchange, String key) {
        JsonValue form = exchange.get("form");
        return form instanceof JsonObject f ? f.getString(key, "") : "";
    }

    private static String summary(JsonObject report) {
        return report.getString("sdk") + " " + report.getString("sdkVersion", "?") + ", " + report.getString("protocolVersion", "?")
                + ", tools " + toolsListed(report) + ", " + report.getInt("millis") + " ms in the client";
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> decode(p[0]), p -> p.length > 1 ? decode(p[1]) : "", (a, b) -> a, LinkedHashMap::new));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    @FunctionalInterface
    interface Case {
        String run() throws Exception;
    }

    @FunctionalInterface
    interface Supplier<T> {
        T get() throws Exception;
    }

    private static <T> T quietly(Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void record(String client, String testCase, Case body) throws Exception {
        record(client, testCase, body, System.nanoTime());
    }

    /** Runs one case and adds its row to the report, whatever the outcome. */
    private static void record(String client, String testCase, Case body, long startedNanos) throws Exception {
        try {
            String note = body.run();
            REPORT.add(row(client, testCase, true, (System.nanoTime() - startedNanos) / 1_000_000, note));
        } catch (org.opentest4j.TestAbortedException skipped) {
            REPORT.add(row(client, testCase, true, 0, "skipped: " + skipped.getMessage()).replace("| pass |", "| skip |"));
            throw skipped;
        } catch (Throwable failure) {
            REPORT.add(row(client, testCase, false, (System.nanoTime() - startedNanos) / 1_000_000,
                    String.valueOf(failure.getMessage()).lines().findFirst().orElse("")));
            throw failure;
        }
    }

    private static String row(String client, String testCase, boolean passed, long millis, String note) {
        return String.format("%-52s | %-84s | %s | %5.1f s | %s", client, testCase, passed ? "pass" : "FAIL", millis / 1000.0,
                note.length() > 160 ? note.substring(0, 160) + "…" : note);
    }
}
