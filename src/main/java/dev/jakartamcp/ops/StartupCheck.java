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
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads every setting once while the application starts, so that a malformed value (a typo in a number, a boolean
 * that is not true or false, a rate limit that does not parse) stops the deployment with a message naming the
 * property, instead of surfacing on some later request. Live settings are checked again where they are used.
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

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        List<String> problems = new ArrayList<>();
        List<Supplier<Object>> all = List.of(settings::maxRequestBytes, settings::pageSize, settings::cacheTtl,
                settings::clientRequestTimeout, settings::keepAlive, settings::sseRetry, settings::sessionTimeout,
                settings::maxSessions, settings::maxSessionsPerCaller, settings::sessionMaxAge, settings::maxSubscriptionsPerSession,
                settings::maxStreams, settings::maxStreamsPerCaller, settings::requestRateLimit, settings::rateLimitMaxCallers,
                settings::requestStateTtl, settings::maxJsonDepth, settings::maxBatchSize, settings::resource,
                settings::taskTtl, settings::taskPollInterval, settings::maxTasksPerCaller, settings::maxTasks,
                settings::maxTaskResultBytes, settings::serverIcons,
                () -> settings.bool("mcp.examples.enabled", true),
                () -> settings.bool("mcp.auth.expose-raw-token", false));
        for (Supplier<Object> setting : all) {
            try {
                setting.get();
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        Stream.of(tools.all(), prompts.all(), resources.resources(), resources.templates()).flatMap(List::stream)
                .forEach(item -> checkOverrides(item, problems));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid MCP configuration: " + String.join("; ", problems));
        }
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
        if (kind == ItemKind.TOOL) {
            try {
                settings.taskSupport(kind.key(item.name(), "task"));
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
    }
}
