package dev.jakartamcp.protocol;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.api.LogLevel;
import dev.jakartamcp.ops.Observation;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.ops.Telemetry;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes a request to the feature that serves its method and shapes the result for the client's revision:
 * {@code resultType}, cache hints and server identity for modern requests, and multi round-trip
 * {@code InputRequiredResult}s when a handler needs client input.
 */
@ApplicationScoped
public class McpDispatcher {
    private static final Logger LOG = Logger.getLogger(McpDispatcher.class.getName());

    @Inject
    @Any
    Instance<McpFeature> features;

    @Inject
    @Any
    Instance<McpExtension> extensions;

    @Inject
    McpSettings settings;

    @Inject
    RequestStates requestStates;

    @Inject
    Observations observations;

    private final Map<String, McpMethod> methods = new HashMap<>();

    private volatile ServerInfo titledInfo;
    private volatile ServerInfo untitledInfo;

    @PostConstruct
    void init() {
        for (McpFeature feature : features) {
            for (McpMethod method : feature.methods()) {
                add(method);
            }
        }
        for (McpExtension extension : extensions) {
            for (McpMethod method : extension.methods()) {
                add(method.handledBy(exchange -> {
                    if (!extension.definedFor(exchange.revision())) {
                        throw McpException.methodNotFound(exchange.method());
                    }
                    if (!extension.declaredBy(exchange)) {
                        throw extension.missingCapability(exchange.method());
                    }
                    return method.handler().apply(exchange);
                }));
            }
        }
        methods.put("ping", McpMethod.legacyOnly("ping", ex -> JsonValue.EMPTY_JSON_OBJECT));
        methods.put("server/discover", new McpMethod("server/discover", false, true, true, false, this::discover));
        methods.put("logging/setLevel", McpMethod.legacyOnly("logging/setLevel", this::setLevel));
    }

    private void add(McpMethod method) {
        if (methods.putIfAbsent(method.name(), method) != null) {
            throw new IllegalStateException("Two features or extensions serve the MCP method " + method.name());
        }
    }

    /** The params member a modern request of {@code method} mirrors into its {@code Mcp-Name} header, if any. */
    public Optional<String> nameHeaderParam(String method) {
        McpMethod m = methods.get(method);
        return m == null ? Optional.empty() : m.nameHeaderParam();
    }

    /** Whether {@code method} (null: none) only reads or steers work already running ({@link McpMethod#followsWork()}). */
    public boolean followsWork(String method) {
        McpMethod m = method == null ? null : methods.get(method);
        return m != null && m.followsWork();
    }

    /** The revision a legacy client gets for the one it asked for in {@code initialize}. */
    public ProtocolRevision negotiate(String requested) {
        return ProtocolRevision.fromWire(requested).filter(r -> !r.isModern()).orElse(ProtocolRevision.LATEST_LEGACY);
    }

    public JsonObject initializeResult(ProtocolRevision revision) {
        JsonObjectBuilder result = JsonFactory.createObjectBuilder()
                .add("protocolVersion", revision.wire())
                .add("capabilities", capabilities(revision))
                .add("serverInfo", serverInfo(revision));
        settings.instructions().ifPresent(i -> result.add("instructions", i));
        return result.build();
    }

    public JsonObject capabilities(ProtocolRevision revision) {
        JsonObjectBuilder caps = JsonFactory.createObjectBuilder().add("logging", JsonValue.EMPTY_JSON_OBJECT);
        for (McpFeature feature : features) {
            feature.declareCapabilities(revision, caps);
        }
        JsonObjectBuilder advertised = JsonFactory.createObjectBuilder();
        boolean any = false;
        for (McpExtension extension : extensions) {
            if (extension.definedFor(revision)) {
                advertised.add(extension.id(), extension.settings(revision));
                any = true;
            }
        }
        if (any) {
            caps.add(McpExtension.CAPABILITY, advertised);
        }
        return caps.build();
    }

    /** The {@code serverInfo} every result of the latest revision carries in its {@code _meta}. */
    public JsonObject serverInfo() {
        return serverInfo(ProtocolRevision.LATEST);
    }

    /**
     * The {@code serverInfo} object, built once per value of the (live) {@code mcp.server.*} settings: every modern
     * result carries it, so it is not rebuilt per result.
     */
    private JsonObject serverInfo(ProtocolRevision revision) {
        boolean titled = revision.atLeast(ProtocolRevision.V2025_06_18);
        String name = settings.serverName();
        String version = settings.serverVersion();
        String title = titled ? settings.serverTitle() : null;
        JsonArray icons = revision.atLeast(ProtocolRevision.V2025_11_25) ? settings.serverIcons().orElse(null) : null;
        ServerInfo cached = icons != null ? null : titled ? titledInfo : untitledInfo;
        if (cached != null && cached.matches(name, version, title)) {
            return cached.json();
        }
        JsonObjectBuilder info = JsonFactory.createObjectBuilder().add("name", name).add("version", version);
        if (titled) {
            info.add("title", title);
        }
        if (icons != null) {
            // with icons (rare) the object is built per result: the icons setting is live and parsed anyway
            return info.add("icons", icons).build();
        }
        ServerInfo built = new ServerInfo(name, version, title, info.build());
        if (titled) {
            titledInfo = built;
        } else {
            untitledInfo = built;
        }
        return built.json();
    }

    /** A built {@code serverInfo} and the setting values it was built from. */
    private record ServerInfo(String name, String version, String title, JsonObject json) {
        boolean matches(String name, String version, String title) {
            return this.name.equals(name) && this.version.equals(version) && Objects.equals(this.title, title);
        }
    }

    private JsonObject discover(Exchange exchange) {
        JsonArrayBuilder versions = JsonFactory.createArrayBuilder();
        ProtocolRevision.supportedWire().forEach(versions::add);
        JsonObjectBuilder result = JsonFactory.createObjectBuilder()
                .add("supportedVersions", versions)
                .add("capabilities", capabilities(exchange.revision()));
        settings.instructions().ifPresent(i -> result.add("instructions", i));
        return result.build();
    }

    private JsonObject setLevel(Exchange exchange) {
        String level = exchange.params().getString("level", null);
        LogLevel parsed = LogLevel.fromWire(level).orElseThrow(() -> McpException.invalidParams("Unknown log level: " + level));
        exchange.session().ifPresent(s -> s.logLevel(parsed));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /**
     * Handles one request and returns its result object. Throws {@link McpException} for JSON-RPC errors; any other
     * failure becomes an internal error whose detail stays in the server log. Every request is observed
     * ({@link Observations}: its span is current while it runs; metrics, trace and audit come from its record).
     */
    public JsonObject dispatch(Exchange exchange) {
        Observation observation = observations.begin(exchange);
        try (Telemetry.Scope scope = observation.makeCurrent()) {
            return handle(exchange);
        } catch (McpException e) {
            observation.failed(e);
            throw e;
        } finally {
            // what the client got, not what the handler returned after it
            exchange.earlyAnswer().ifPresent(error -> observation.answeredEarly(error, exchange.earlyAnswerNanos()));
            observations.end(observation);
        }
    }

    private JsonObject handle(Exchange exchange) {
        ProtocolRevision revision = exchange.revision();
        McpMethod method = methods.get(exchange.method());
        if (method == null || !method.servedTo(revision)) {
            throw McpException.methodNotFound(exchange.method());
        }
        if (method.audited()) {
            exchange.observation().audited();
        }
        Exchange.checkProgressToken(exchange.params());
        JsonObject result;
        try {
            result = method.handler().apply(exchange);
        } catch (InputRequiredSignal signal) {
            if (!revision.isModern() || !method.inputRequired()) {
                // audited as what the client gets (the pipeline recorded the question it could not ask)
                exchange.observation().outcome(AuditRecord.Outcome.FAILED);
                throw new McpException(ErrorCode.INTERNAL_ERROR, "Client input was requested where it cannot be asked for");
            }
            return inputRequired(exchange);
        } catch (McpException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Internal error in " + exchange.method(), e);
            throw new McpException(ErrorCode.INTERNAL_ERROR, "Internal error");
        }
        if (revision.isModern() && !exchange.pendingInputRequests().isEmpty() && method.inputRequired()) {
            // the handler swallowed the signal (or wrapped it into its own error result); the client still has to be
            // asked, and the request is audited as that, not with the outcome of what the handler returned
            exchange.observation().outcome(AuditRecord.Outcome.INPUT_REQUIRED);
            return inputRequired(exchange);
        }
        return revision.isModern() ? completeResult(result, method, isRetry(exchange)) : result;
    }

    private JsonObject inputRequired(Exchange exchange) {
        JsonObjectBuilder requests = JsonFactory.createObjectBuilder();
        exchange.pendingInputRequests().forEach(requests::add);
        return JsonFactory.createObjectBuilder()
                .add("resultType", "input_required")
                .add("inputRequests", requests)
                .add("requestState", requestStates.seal(exchange))
                .add("_meta", JsonFactory.createObjectBuilder().add(Exchange.META_SERVER_INFO, serverInfo()))
                .build();
    }

    /**
     * Whether the request retries one through the multi round-trip mechanism: its result depends on answers that are no
     * part of a cache key, and the caching text says it must not be cached.
     */
    private static boolean isRetry(Exchange exchange) {
        JsonObject params = exchange.params();
        return params != null && (params.containsKey("requestState") || params.containsKey("inputResponses"));
    }

    private JsonObject completeResult(JsonObject result, McpMethod method, boolean retry) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder(result);
        if (!result.containsKey("resultType")) {
            b.add("resultType", "complete");
        }
        if (method.cacheable()) {
            if (retry) {
                b.add("ttlMs", 0); // the author's own ttlMs too: it could not know the result came of a retry
            } else if (!result.containsKey("ttlMs")) {
                b.add("ttlMs", settings.cacheTtl().toMillis());
            }
            if (!result.containsKey("cacheScope")) {
                b.add("cacheScope", "private");
            }
        }
        JsonObjectBuilder meta = result.containsKey("_meta") ? JsonFactory.createObjectBuilder(result.getJsonObject("_meta")) : JsonFactory.createObjectBuilder();
        meta.add(Exchange.META_SERVER_INFO, serverInfo());
        b.add("_meta", meta);
        return b.build();
    }
}
