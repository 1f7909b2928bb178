package dev.jakartamcp.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the server, as the README's configuration table lists them: its name, its default as an operator
 * reads it, whether it is live (read at every use), and how {@link McpSettings} reads it strictly. The startup check
 * reads each through its reader, the startup log and the operations API show the effective values, and a property
 * under {@code mcp.} that is neither here nor an item override ({@code mcp.<kind>.<name>.<attribute>}) is reported as
 * a likely typo. A new setting belongs here as much as in the README.
 */
public final class SettingCatalog {

    /** One setting; {@link #read} throws {@link IllegalStateException} naming it when its value is malformed. */
    public record Setting(String name, String defaultValue, boolean live, Function<McpSettings, ?> read) {
        /** Shown masked: the request-state key and anything named like a secret or password. */
        public boolean secret() {
            return isSecret(name);
        }
    }

    /** What {@code mcp.<kind>.<name>.<attribute>} may name after the item, for some kind of item. */
    public static final Set<String> ITEM_ATTRIBUTES = Set.of("enabled", "title", "description", "roles", "rate-limit", "task", "timeout", "max-concurrent");
    /** The attributes among {@link #ITEM_ATTRIBUTES} that only tools have ({@code mcp.tools.<name>.task}). */
    public static final Set<String> TOOL_ONLY_ATTRIBUTES = Set.of("task");

    public static final List<Setting> ALL = List.of(
            new Setting("mcp.auth.enabled", "true", false, s -> s.bool("mcp.auth.enabled", true)),
            new Setting("mp.jwt.verify.issuer", null, false, s -> s.string("mp.jwt.verify.issuer")),
            new Setting("mp.jwt.verify.publickey.location", null, false, s -> s.uri("mp.jwt.verify.publickey.location")),
            new Setting("mp.jwt.verify.audiences", null, false, s -> s.list("mp.jwt.verify.audiences")),
            new Setting("mcp.resource", "required with authorization on; http://127.0.0.1:8080/mcp with it off", false,
                    McpSettings::resource),
            new Setting("mcp.authorization-servers", "the issuer", false, s -> s.list("mcp.authorization-servers")),
            new Setting("mcp.auth.scopes-supported", "the permissions items require", false, s -> s.list("mcp.auth.scopes-supported")),
            new Setting("mcp.auth.roles-claims", "permissions,scope,scp,roles,groups", false, s -> s.list("mcp.auth.roles-claims")),
            new Setting("mcp.auth.clock-skew", "PT30S", false, s -> s.duration("mcp.auth.clock-skew", Duration.ofSeconds(30))),
            new Setting("mcp.auth.jwks-refresh-min-interval", "PT30S", false,
                    s -> s.duration("mcp.auth.jwks-refresh-min-interval", Duration.ofSeconds(30))),
            new Setting("mcp.auth.jwks-cache-ttl", "PT10M", false, s -> s.duration("mcp.auth.jwks-cache-ttl", Duration.ofMinutes(10))),
            new Setting("mcp.auth.jwks-timeout", "PT5S", false, s -> s.duration("mcp.auth.jwks-timeout", Duration.ofSeconds(5))),
            new Setting("mcp.auth.allowed-algorithms", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512", false,
                    s -> s.list("mcp.auth.allowed-algorithms")),
            new Setting("mcp.auth.token-types", "at+jwt,jwt,none", false, s -> s.list("mcp.auth.token-types")),
            new Setting("mcp.auth.max-token-bytes", "8192", false, s -> s.number("mcp.auth.max-token-bytes", 8192, 1)),
            new Setting("mcp.auth.expose-raw-token", "false", false, s -> s.bool("mcp.auth.expose-raw-token", false)),
            // checked as every list is (commas only are invalid); a token's check reads them leniently (McpSettings.revocations)
            new Setting("mcp.auth.revoked-subjects", null, true, s -> s.list("mcp.auth.revoked-subjects")),
            new Setting("mcp.auth.revoked-token-ids", null, true, s -> s.list("mcp.auth.revoked-token-ids")),
            new Setting("mcp.rate-limit.requests-per-minute", "600", true, McpSettings::requestRateLimit),
            new Setting("mcp.rate-limit.max-tracked-callers", "100000", false, McpSettings::rateLimitMaxCallers),
            new Setting("mcp.session.timeout", "PT10M", true, McpSettings::sessionTimeout),
            new Setting("mcp.session.max-age", "PT24H", true, McpSettings::sessionMaxAge),
            new Setting("mcp.session.max", "10000", true, McpSettings::maxSessions),
            new Setting("mcp.session.max-per-caller", "16", true, McpSettings::maxSessionsPerCaller),
            new Setting("mcp.subscriptions.max-per-session", "100", true, McpSettings::maxSubscriptionsPerSession),
            new Setting("mcp.streams.max", "1000", true, McpSettings::maxStreams),
            new Setting("mcp.streams.max-per-caller", "8", true, McpSettings::maxStreamsPerCaller),
            new Setting("mcp.stream.max-buffered-bytes", "1048576", true, McpSettings::streamMaxBufferedBytes),
            new Setting("mcp.notifications.max-backlog", "1000", true, McpSettings::notificationsMaxBacklog),
            new Setting("mcp.allowed-origins", null, true, McpSettings::allowedOrigins),
            new Setting("mcp.allowed-hosts", null, true, McpSettings::allowedHosts),
            new Setting("mcp.max-request-bytes", "4194304", true, McpSettings::maxRequestBytes),
            new Setting("mcp.request-body.timeout", "PT30S", true, McpSettings::requestBodyTimeout),
            new Setting("mcp.request-body.max-per-caller", "8", true, McpSettings::maxRequestBodiesPerCaller),
            new Setting("mcp.json.max-depth", "64", true, McpSettings::maxJsonDepth),
            new Setting("mcp.json.max-values", "100000", true, McpSettings::maxJsonValues),
            new Setting("mcp.batch.max-size", "64", true, McpSettings::maxBatchSize),
            new Setting("mcp.page-size", "50", true, McpSettings::pageSize),
            new Setting("mcp.cache.ttl", "PT1M", true, McpSettings::cacheTtl),
            new Setting("mcp.sse.keep-alive", "PT15S", true, McpSettings::keepAlive),
            new Setting("mcp.sse.retry", "PT1S", true, McpSettings::sseRetry),
            new Setting("mcp.client-request.timeout", "PT60S", true, McpSettings::clientRequestTimeout),
            new Setting("mcp.execution.max-concurrent", "256", true, McpSettings::maxConcurrentExecutions),
            new Setting("mcp.execution.max-concurrent-per-caller", "32", true, McpSettings::maxConcurrentExecutionsPerCaller),
            new Setting("mcp.execution.answer-wait", "PT0.02S", true, McpSettings::answerWait),
            new Setting("mcp.execution.timeout", "PT5M", true, McpSettings::executionTimeout),
            new Setting("mcp.cluster.enabled", "false", false, McpSettings::clusterEnabled),
            new Setting("mcp.cluster.stream-log-ttl", "PT10M", false, McpSettings::clusterStreamLogTtl),
            new Setting("mcp.cluster.stream-log-max-events", "100000", false, McpSettings::clusterStreamLogMaxEvents),
            new Setting("mcp.cluster.grid-timeout", "PT5S", true, McpSettings::clusterGridTimeout),
            new Setting("mcp.cluster.min-members", "1", true, McpSettings::clusterMinMembers),
            new Setting("mcp.request-state.secret", "random per start; with the cluster on, one random key shared through the grid", false,
                    McpSettings::requestStateSecret),
            new Setting("mcp.request-state.ttl", "PT10M", false, McpSettings::requestStateTtl),
            new Setting("mcp.examples.enabled", "true", false, s -> s.bool("mcp.examples.enabled", true)),
            new Setting("mcp.server.name", "jakarta-mcp-server", true, McpSettings::serverName),
            new Setting("mcp.server.title", "Jakarta MCP Server", true, McpSettings::serverTitle),
            new Setting("mcp.server.version", "0.1.0", true, McpSettings::serverVersion),
            new Setting("mcp.server.instructions", null, true, McpSettings::instructions),
            new Setting("mcp.server.icons", null, true, McpSettings::serverIcons),
            new Setting("mcp.tasks.ttl", "PT1H", true, McpSettings::taskTtl),
            new Setting("mcp.tasks.poll-interval", "PT1S", true, McpSettings::taskPollInterval),
            new Setting("mcp.tasks.max-per-caller", "100", true, McpSettings::maxTasksPerCaller),
            new Setting("mcp.tasks.max", "1000", true, McpSettings::maxTasks),
            new Setting("mcp.tasks.max-result-bytes", "1048576", true, McpSettings::maxTaskResultBytes),
            new Setting("mcp.audit.enabled", "true", true, McpSettings::auditEnabled),
            new Setting("mcp.audit.arguments", "digest", true, s -> s.auditArgumentDigest() ? "digest" : "none"),
            new Setting("mcp.audit.redact", String.join(",", McpSettings.DEFAULT_AUDIT_REDACT), true, McpSettings::auditRedact),
            new Setting("mcp.audit.max-value-length", "256", true, McpSettings::auditMaxValueLength),
            new Setting("mcp.audit.max-backlog", "1000", true, McpSettings::auditMaxBacklog),
            new Setting("mcp.audit.stall-timeout", "PT30S", true, McpSettings::auditStallTimeout),
            new Setting("mcp.container-log.max-per-minute", "10", true, McpSettings::containerLogMaxPerMinute),
            new Setting("mcp.metrics.enabled", "true", true, McpSettings::metricsEnabled),
            new Setting("mcp.metrics.role", null, true, McpSettings::metricsRole),
            new Setting("mcp.metrics.max-series", "2000", false, McpSettings::metricsMaxSeries),
            new Setting("mcp.ops.role", "mcp-admin", true, McpSettings::opsRole),
            new Setting("mcp.drain.grace", "PT30S", true, McpSettings::drainGrace));

    private static final Map<String, Setting> BY_NAME = ALL.stream().collect(Collectors.toMap(Setting::name, s -> s));

    private SettingCatalog() {
    }

    /** Whether a property named {@code name} holds a secret: anything named like a secret or a password. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password");
    }

    public static Optional<Setting> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The effective value of {@code setting} as text: empty when unset without a default, masked when secret. */
    public static String shown(Setting setting, McpSettings settings) {
        if (setting.secret()) {
            return settings.string(setting.name()).isPresent() ? "(set, masked)" : "(not set)";
        }
        Object value = setting.read().apply(settings);
        if (value instanceof Optional<?> optional) {
            return optional.map(String::valueOf).orElse("");
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Set<?> set) {
            return set.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
