package dev.jakartamcp.ops;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.limits.RateLimits;
import dev.jakartamcp.pipeline.EffectiveItem;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.AuthorExecution;
import dev.jakartamcp.pipeline.ItemConcurrency;
import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Revocations;
import dev.jakartamcp.protocol.SettingCatalog;
import dev.jakartamcp.resources.ResourceRegistry;
import dev.jakartamcp.security.JwksKeySource;
import dev.jakartamcp.security.OperationsRole;
import dev.jakartamcp.security.ResourceServer;
import dev.jakartamcp.session.SessionStore;
import dev.jakartamcp.tasks.TaskRunner;
import dev.jakartamcp.tools.ToolRegistry;
import dev.jakartamcp.transport.CallDeadlines;
import dev.jakartamcp.transport.OpenStreams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operations API's read-only part: JSON for operators, {@code GET /mcp-admin/tools|prompts|resources|resource-templates}
 * (items as deployed, with the operator's overrides applied), {@code /settings} (every setting's effective value and
 * where it comes from, secrets masked) and {@code /status} (sessions, streams, signing keys, limits hit, drain,
 * configuration findings); the sessions are {@link SessionsResource}'s. Only for callers in the role
 * {@value OperationsRole#NAME}, which the token permission {@code mcp.ops.role} grants; see {@link OperationsGuard}.
 */
@Path("")
@RequestScoped
@RolesAllowed(OperationsRole.NAME)
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {
    @Inject
    ContainerLogThrottle containerLog;

    @Inject
    ToolRegistry tools;

    @Inject
    PromptRegistry prompts;

    @Inject
    ResourceRegistry resources;

    @Inject
    ItemOverrides overrides;

    @Inject
    McpSettings settings;

    @Inject
    ResourceServer server;

    @Inject
    SessionStore sessions;

    @Inject
    OpenStreams streams;

    @Inject
    RateLimits rateLimits;

    @Inject
    Drain drain;

    @Inject
    AuthorExecution execution;

    @Inject
    ConfigurationReport report;

    @Inject
    TaskRunner tasks;

    @Inject
    CallDeadlines deadlines;

    @Inject
    ItemConcurrency itemConcurrency;

    @Inject
    AuditTrail audit;

    @GET
    @Path("tools")
    public String tools() {
        return items("tools", tools.all());
    }

    @GET
    @Path("prompts")
    public String prompts() {
        return items("prompts", prompts.all());
    }

    @GET
    @Path("resources")
    public String resources() {
        return items("resources", resources.resources());
    }

    @GET
    @Path("resource-templates")
    public String resourceTemplates() {
        return items("resourceTemplates", resources.templates());
    }

    @GET
    @Path("settings")
    public String settings() {
        Config config = ConfigProvider.getConfig();
        JsonArrayBuilder all = JsonFactory.createArrayBuilder();
        for (SettingCatalog.Setting setting : SettingCatalog.ALL) {
            JsonObjectBuilder entry = JsonFactory.createObjectBuilder().add("name", setting.name());
            try {
                entry.add("value", SettingCatalog.shown(setting, settings));
            } catch (IllegalStateException e) {
                entry.add("value", JsonValue.NULL).add("problem", e.getMessage());
            }
            entry.add("default", setting.defaultValue() == null ? JsonValue.NULL : JsonFactory.createValue(setting.defaultValue()))
                    .add("live", setting.live())
                    .add("secret", setting.secret());
            source(config, setting.name(), entry);
            all.add(entry);
        }
        JsonArrayBuilder itemOverrides = JsonFactory.createArrayBuilder();
        List<McpItem> deployed = new ArrayList<>(tools.all());
        deployed.addAll(prompts.all());
        deployed.addAll(resources.resources());
        deployed.addAll(resources.templates());
        for (String name : itemOverrideNames(config, deployed)) {
            JsonObjectBuilder entry = JsonFactory.createObjectBuilder().add("name", name)
                    .add("value", SettingCatalog.isSecret(name) ? "(set, masked)" : settings.string(name).orElse(""));
            source(config, name, entry);
            itemOverrides.add(entry);
        }
        return JsonFactory.createObjectBuilder().add("settings", all).add("itemOverrides", itemOverrides).build().toString();
    }

    @GET
    @Path("status")
    public String status() {
        JsonObjectBuilder authorization = JsonFactory.createObjectBuilder().add("enabled", server.enabled());
        server.jwksStatus().ifPresent(jwks -> authorization.add("issuer", server.settings().issuer())
                .add("jwks", jwks(server.settings().jwksUri().toString(), jwks)));
        if (server.enabled()) {
            Revocations revoked = settings.revocations();
            authorization.add("revoked", JsonFactory.createObjectBuilder().add("subjects", revoked.subjects().size())
                    .add("tokenIds", revoked.tokenIds().size()).add("tokensRefused", server.revokedRefused())
                    .add("streamsEnded", streams.endedRevoked()).add("callsCancelled", deadlines.revoked())
                    .add("tasksCancelled", tasks.cancelledRevoked()));
        }
        JsonArrayBuilder findings = JsonFactory.createArrayBuilder();
        report.findings().forEach(f -> findings.add(JsonFactory.createObjectBuilder()
                .add("property", f.property()).add("problem", f.problem())));
        return JsonFactory.createObjectBuilder()
                .add("server", JsonFactory.createObjectBuilder().add("name", settings.serverName()).add("version", settings.serverVersion()))
                .add("draining", drain.draining())
                .add("runningRequests", drain.running())
                .add("authorization", authorization)
                .add("sessions", bounded(JsonFactory.createObjectBuilder().add("open", sessions.size()), settings::maxSessions))
                .add("streams", bounded(JsonFactory.createObjectBuilder().add("open", streams.open()), settings::maxStreams))
                .add("calls", bounded(JsonFactory.createObjectBuilder().add("running", execution.running()), settings::maxConcurrentExecutions))
                .add("tasks", bounded(JsonFactory.createObjectBuilder().add("held", tasks.held()), settings::maxTasks))
                .add("audit", bounded(JsonFactory.createObjectBuilder().add("waiting", audit.waiting()), settings::auditMaxBacklog)
                        .add("stalled", audit.stalled()).add("dropped", audit.dropped()))
                .add("limitsHit", JsonFactory.createObjectBuilder()
                        .add("requestsRateLimited", rateLimits.requestsRefused())
                        .add("itemUsesRateLimited", rateLimits.itemUsesRefused())
                        .add("requestBodiesRefused", rateLimits.bodiesRefused())
                        .add("sessionsRefused", sessions.refused())
                        .add("streamsRefusedOnServer", streams.refusedOnServer())
                        .add("streamsRefusedPerCaller", streams.refusedPerCaller())
                        .add("callsRefusedOnServer", execution.refusedOnServer())
                        .add("callsRefusedPerCaller", execution.refusedPerCaller())
                        .add("callsRefusedPerItem", itemConcurrency.refused())
                        .add("callsTimedOut", deadlines.timedOut())
                        .add("tasksRefusedOnServer", tasks.refusedOnServer())
                        .add("tasksRefusedPerCaller", tasks.refusedPerCaller()))
                .add("containerLog", JsonFactory.createObjectBuilder().add("maxPerMinute", containerLog.maxPerMinute())
                        .add("suppressed", containerLog.suppressed())
                        .add("loggers", JsonFactory.createArrayBuilder(containerLog.loggers())))
                .add("configuration", JsonFactory.createObjectBuilder().add("findings", findings))
                .build().toString();
    }

    /**
     * {@code counts} with the bound {@code setting} sets as its {@code max}; while that live setting is broken, a null
     * {@code max} and the {@code problem}: the status is what an operator looks at then, so it answers.
     */
    static JsonObjectBuilder bounded(JsonObjectBuilder counts, java.util.function.IntSupplier setting) {
        try {
            return counts.add("max", setting.getAsInt());
        } catch (IllegalStateException e) {
            return counts.add("max", JsonValue.NULL).add("problem", e.getMessage());
        }
    }

    private String items(String key, List<? extends McpItem> registered) {
        JsonArrayBuilder array = JsonFactory.createArrayBuilder();
        for (McpItem item : registered) {
            array.add(item(overrides.effective(item)));
        }
        return JsonFactory.createObjectBuilder().add(key, array).build().toString();
    }

    private JsonObject item(EffectiveItem<? extends McpItem> effective) {
        McpItem item = effective.item();
        JsonObject descriptor = effective.descriptor();
        JsonObjectBuilder json = JsonFactory.createObjectBuilder().add("name", item.name());
        for (String field : List.of("title", "description", "uri", "uriTemplate")) {
            if (descriptor.containsKey(field)) {
                json.add(field, descriptor.get(field));
            }
        }
        Access access = effective.access();
        JsonArrayBuilder roles = JsonFactory.createArrayBuilder();
        access.roles().stream().sorted().forEach(roles::add);
        JsonArrayBuilder overridden = JsonFactory.createArrayBuilder();
        ItemKind kind = item.kind();
        kind.overrideAttributes().stream()
                .filter(attribute -> settings.string(kind.key(item.name(), attribute)).isPresent())
                .forEach(overridden::add);
        return json.add("enabled", effective.enabled())
                .add("access", JsonFactory.createObjectBuilder().add("rule", access.rule().name()).add("roles", roles))
                .add("rateLimit", effective.rateLimit().map(r -> (JsonValue) JsonFactory.createValue(r.toString())).orElse(JsonValue.NULL))
                .add("maxConcurrent", overrides.maxConcurrent(item).map(m -> (JsonValue) JsonFactory.createValue(m)).orElse(JsonValue.NULL))
                .add("timeout", overrides.timeLimit(item).map(l -> (JsonValue) JsonFactory.createValue(l.duration().toString()))
                        .orElse(JsonValue.NULL))
                .add("overridden", overridden)
                .add("source", item.source())
                .build();
    }

    private static JsonObject jwks(String uri, JwksKeySource.Status status) {
        JsonArrayBuilder keyIds = JsonFactory.createArrayBuilder();
        status.keyIds().forEach(keyIds::add);
        return JsonFactory.createObjectBuilder()
                .add("uri", uri)
                .add("keyIds", keyIds)
                .add("fetches", status.successes() + status.failures())
                .add("lastFetch", instant(Optional.ofNullable(status.lastAttempt())))
                .add("lastSuccess", instant(Optional.ofNullable(status.lastSuccess())))
                .add("lastError", status.lastError() == null ? JsonValue.NULL : JsonFactory.createValue(status.lastError()))
                .build();
    }

    private static JsonValue instant(Optional<Instant> instant) {
        return instant.map(i -> (JsonValue) JsonFactory.createValue(i.toString())).orElse(JsonValue.NULL);
    }

    private static void source(Config config, String name, JsonObjectBuilder entry) {
        ConfigValue value = config.getConfigValue(name);
        if (value != null && value.getValue() != null && value.getSourceName() != null) {
            entry.add("source", value.getSourceName()).add("ordinal", value.getSourceOrdinal());
        } else {
            entry.add("source", JsonValue.NULL);
        }
    }

    /**
     * The item overrides set: the names the sources list, and the override of every deployed item that a source finds
     * under another name: an environment variable ({@code MCP_TOOLS_ECHO_ENABLED}) is listed under its own name, which
     * MicroProfile Config maps to {@code mcp.tools.echo.enabled} only when that name is asked for.
     */
    static SortedSet<String> itemOverrideNames(Config config, List<? extends McpItem> deployed) {
        SortedSet<String> names = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (isItemOverride(name)) {
                names.add(name);
            }
        }
        for (McpItem item : deployed) {
            for (String attribute : item.kind().overrideAttributes()) {
                String key = item.kind().key(item.name(), attribute);
                ConfigValue value = config.getConfigValue(key);
                if (value != null && value.getValue() != null) {
                    names.add(key);
                }
            }
        }
        return names;
    }

    private static boolean isItemOverride(String name) {
        for (ItemKind kind : ItemKind.values()) {
            if (name.startsWith("mcp." + kind.configPrefix() + ".")) {
                return true;
            }
        }
        return false;
    }
}
