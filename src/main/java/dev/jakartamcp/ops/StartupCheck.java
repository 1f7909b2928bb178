package dev.jakartamcp.ops;

import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.resources.ResourceRegistry;
import dev.jakartamcp.tools.ToolRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads every setting once while the application starts, so that a malformed value (a typo in a number, a boolean
 * that is not true or false, a rate limit that does not parse) stops the deployment with a message naming the
 * property, instead of surfacing on some later request. Live settings are checked again where they are used, and by
 * readiness ({@link #findings()}): a live value broken while the server runs, or an override of an item registered
 * later, makes readiness DOWN naming the property. Checks that find a problem without stopping the deployment
 * {@link #report} it here for readiness as well.
 */
@ApplicationScoped
public class StartupCheck {
    @Inject
    McpSettings settings;

    @Inject
    ToolRegistry tools;

    @Inject
    PromptRegistry prompts;

    @Inject
    ResourceRegistry resources;

    private final Set<String> reported = new CopyOnWriteArraySet<>();

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid MCP configuration: " + String.join("; ", problems));
        }
    }

    /** Records a configuration problem that does not stop the deployment; readiness is DOWN while it is known. */
    public void report(String finding) {
        reported.add(finding);
    }

    /** What is wrong with the configuration now: the problems reported, then every setting read again. */
    public List<String> findings() {
        List<String> findings = new ArrayList<>(reported);
        findings.addAll(problems());
        return findings;
    }

    /** Every setting read once; the messages of those that do not parse, each naming its property. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<Supplier<Object>> all = List.of(settings::maxRequestBytes, settings::pageSize, settings::cacheTtl,
                settings::clientRequestTimeout, settings::keepAlive, settings::sseRetry, settings::sessionTimeout,
                settings::maxSessions, settings::maxSessionsPerCaller, settings::sessionMaxAge, settings::maxSubscriptionsPerSession,
                settings::maxStreams, settings::maxStreamsPerCaller, settings::requestRateLimit, settings::rateLimitMaxCallers,
                settings::requestStateTtl, settings::maxJsonDepth, settings::maxBatchSize, settings::resource,
                () -> settings.bool("mcp.examples.enabled", true),
                () -> settings.bool("mcp.auth.expose-raw-token", false),
                settings::auditEnabled, settings::auditArgumentDigest, settings::auditRedact, settings::auditMaxValueLength,
                settings::metricsEnabled, settings::metricsMaxSeries);
        for (Supplier<Object> setting : all) {
            try {
                setting.get();
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        Stream.of(tools.all(), prompts.all(), resources.resources(), resources.templates()).flatMap(List::stream)
                .forEach(item -> checkOverrides(item, problems));
        return problems;
    }

    private void checkOverrides(McpItem item, List<String> problems) {
        ItemKind kind = item.kind();
        try {
            settings.bool(kind.key(item.name(), "enabled"), true);
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        try {
            settings.rateLimit(kind.key(item.name(), "rate-limit"));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
    }
}
