package dev.jakartamcp.pipeline;

import dev.jakartamcp.api.Access;
import dev.jakartamcp.api.TaskSupport;
import dev.jakartamcp.limits.RateLimit;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.TimeLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jakartamcp.protocol.JsonFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The operator's live overrides of an item, {@code mcp.<kind>.<name>.enabled|roles|title|description|rate-limit|timeout|max-concurrent}
 * and, for tools, {@code task}, read at every request. {@code roles} replaces the item's access with "any of these roles" ({@code **} means every
 * authenticated caller); switching an item off is {@code enabled=false}. A value made malformed while the server runs
 * cannot stop a deployment any more: a malformed {@code enabled} switches the item off (fail closed), {@code roles}
 * set to commas only denies everyone (fail closed), a malformed
 * {@code rate-limit} leaves only the per-caller limit, a malformed {@code task} the tool's declared task support,
 * a malformed {@code timeout} the server-wide one, a malformed {@code max-concurrent} no per-item bound; all
 * are logged.
 */
@ApplicationScoped
public class ItemOverrides {
    private static final Logger LOG = Logger.getLogger(ItemOverrides.class.getName());

    @Inject
    McpSettings settings;

    /** Messages already logged, so that a broken value is reported once, not on every request (operator-bounded). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public <I extends McpItem> EffectiveItem<I> effective(I item) {
        return new EffectiveItem<>(item, enabled(item), access(item), descriptor(item), rateLimit(item));
    }

    public boolean enabled(McpItem item) {
        return read(item, "enabled", key -> settings.bool(key, true), false,
                () -> "the " + item.kind().label() + " stays off until the value is fixed");
    }

    public Access access(McpItem item) {
        List<String> roles = read(item, "roles", settings::list, null,
                () -> "nobody may use the " + item.kind().label() + " until the value is fixed");
        if (roles == null) {
            return Access.denyAll();
        }
        if (roles.isEmpty()) {
            return item.access();
        }
        // "**" among them: every authenticated caller; an entry of a comma list loses the spaces around it
        return Access.rolesAllowed(roles.stream().map(String::strip).toList());
    }

    public JsonObject descriptor(McpItem item) {
        Optional<String> title = settings.string(item.kind().key(item.name(), "title"));
        Optional<String> description = settings.string(item.kind().key(item.name(), "description"));
        if (title.isEmpty() && description.isEmpty()) {
            return item.descriptor();
        }
        JsonObjectBuilder b = JsonFactory.createObjectBuilder(item.descriptor());
        title.ifPresent(t -> b.add("title", t));
        description.ifPresent(d -> b.add("description", d));
        if (title.isPresent() && item.descriptor().get("annotations") instanceof JsonObject annotations) {
            // a tool's title is in its annotations too, the only one a 2025-03-26 client reads (also for a tool that
            // declared none: the operator's title is its only one)
            b.add("annotations", JsonFactory.createObjectBuilder(annotations).add("title", title.get()));
        }
        return b.build();
    }

    public Optional<RateLimit> rateLimit(McpItem item) {
        return read(item, "rate-limit", settings::rateLimit, Optional.empty(),
                () -> "no per-" + item.kind().label() + " rate limit applies until the value is fixed");
    }

    /**
     * {@code mcp.<kind>.<name>.timeout}: how long a call running the item may take, instead of
     * {@code mcp.execution.timeout}; empty when unset, or malformed (logged: the server-wide timeout applies).
     */
    public Optional<TimeLimit> timeLimit(McpItem item) {
        return read(item, "timeout", key -> settings.callTimeout(key).map(timeout -> new TimeLimit(timeout, key)), Optional.empty(),
                () -> "mcp.execution.timeout applies to the " + item.kind().label() + " until the value is fixed");
    }

    /**
     * {@code mcp.<kind>.<name>.max-concurrent}: the most calls running the item's code at once on this server; empty
     * when unset, or malformed (logged: no per-item bound applies).
     */
    public Optional<Integer> maxConcurrent(McpItem item) {
        return read(item, "max-concurrent", settings::maxConcurrent, Optional.empty(),
                () -> "no per-" + item.kind().label() + " bound of calls at once applies until the value is fixed");
    }

    /** {@code mcp.tools.<name>.task} ({@code none|optional|required}), else what the tool declares. */
    public TaskSupport taskSupport(McpItem item) {
        if (item.kind() != ItemKind.TOOL) {
            return TaskSupport.NONE;
        }
        return read(item, "task", key -> settings.taskSupport(key).orElse(item.taskSupport()), item.taskSupport(),
                () -> "the tool keeps its declared task support (" + item.taskSupport().wire() + ") until the value is fixed");
    }

    /** The override {@code attribute} of {@code item} as {@code read} gives it; when malformed, logged once and {@code fallback}. */
    private <T> T read(McpItem item, String attribute, Function<String, T> read, T fallback, Supplier<String> consequence) {
        try {
            return read.apply(item.kind().key(item.name(), attribute));
        } catch (IllegalStateException e) {
            reportOnce(e.getMessage() + ": " + consequence.get());
            return fallback;
        }
    }

    private void reportOnce(String message) {
        if (reported.size() < 1000 && reported.add(message)) {
            LOG.warning(message);
        }
    }
}
