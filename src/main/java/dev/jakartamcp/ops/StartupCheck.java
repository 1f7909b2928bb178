package dev.jakartamcp.ops;

import dev.jakartamcp.ops.ConfigurationReport.Finding;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.pipeline.McpItem;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.SettingCatalog;
import dev.jakartamcp.protocol.SettingCatalog.Setting;
import dev.jakartamcp.resources.ResourceRegistry;
import dev.jakartamcp.security.AuthSettings;
import dev.jakartamcp.tools.ToolRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every setting of the {@link SettingCatalog} once while the application starts, before anything else uses
 * them. A malformed value (a typo in a number, a boolean that is not true or false, a rate limit that does not parse)
 * or a missing required one (issuer, JWKS, {@code mcp.resource} with authorization on) is logged as one SEVERE line
 * naming the property and stops the deployment. Properties under {@code mcp.} and {@code mp.jwt.} (and environment
 * variables under {@code MCP_}, {@code mcp_}, {@code MP_JWT_}, {@code mp_jwt_}) that name no setting, overrides of
 * items that are not deployed, and values of the environment or system properties that a source asked first overrides
 * (Liberty's {@code mcp-settings.xml} sets every setting), are logged as one WARNING line each and kept in the
 * {@link ConfigurationReport} (the operations API shows them; readiness is DOWN for unknown properties only). Then
 * the effective settings are logged once, secrets masked. Live settings are checked again where they are used, and by
 * readiness ({@link #findings()}): a live value broken while the server runs, or an override of an item registered
 * later, makes readiness DOWN naming the property.
 */
@ApplicationScoped
public class StartupCheck {
    private static final Logger LOG = Logger.getLogger(StartupCheck.class.getName());
    /** How each item override is read (and so checked); title and description take any text. */
    private static final Map<String, BiConsumer<McpSettings, String>> OVERRIDE_READERS = Map.of(
            "enabled", (settings, key) -> settings.bool(key, true),
            "roles", McpSettings::list,
            "rate-limit", McpSettings::rateLimit,
            "timeout", McpSettings::callTimeout,
            "max-concurrent", McpSettings::maxConcurrent,
            "task", McpSettings::taskSupport);

    @Inject
    McpSettings settings;

    @Inject
    ToolRegistry tools;

    @Inject
    PromptRegistry prompts;

    @Inject
    ResourceRegistry resources;

    @Inject
    ConfigurationReport report;

    /** The process's environment, whose {@code MCP_} and {@code mcp_} variables are checked like properties under {@code mcp.}. */
    Map<String, String> environment = System.getenv();

    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @Initialized(ApplicationScoped.class) Object started) {
        List<McpItem> items = items();
        List<String> problems = problems(items);
        try {
            AuthSettings.fromConfig(settings);
        } catch (IllegalArgumentException e) {
            if (!problems.contains(e.getMessage())) {
                problems.add(e.getMessage());
            }
        }
        // the names' findings first, also when the deployment stops: a misspelt or shadowed property is often why a
        // required setting is missing ("mp.jwt.verify.isuer", an empty value of a source asked first)
        List<Finding> findings = names(items);
        findings.forEach(finding -> LOG.warning("MCP configuration: " + finding.message()));
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.severe("Invalid MCP configuration, the application does not start: " + problem));
            throw new IllegalStateException("Invalid MCP configuration: " + String.join("; ", problems));
        }
        report.record(findings);
        LOG.info(effectiveSettings());
    }

    /**
     * Unknown names ({@link PropertyNames}), then values of the environment and system properties that a source asked
     * first overrides ({@link ShadowedValues}).
     */
    private List<Finding> names(List<McpItem> items) {
        Config config = ConfigProvider.getConfig();
        List<Finding> findings = new ArrayList<>(unknownNames(config.getPropertyNames(), deployed(items)));
        List<String> properties = new ArrayList<>(SettingCatalog.ALL.stream().map(Setting::name).toList());
        items.forEach(item -> item.kind().overrideAttributes().forEach(a -> properties.add(item.kind().key(item.name(), a))));
        Map<String, String> system = new HashMap<>();
        for (String property : properties) {
            String value = System.getProperty(property);
            if (value != null) {
                system.put(property, value);
            }
        }
        findings.addAll(ShadowedValues.check(properties, name -> {
            ConfigValue value = config.getConfigValue(name);
            return value == null ? null
                    : new ShadowedValues.Effective(value.getValue(), value.getRawValue(), value.getSourceName(), value.getSourceOrdinal());
        }, environment, system));
        return findings;
    }

    /**
     * What is wrong with the configuration now, for readiness: property names under {@code mcp.} and {@code mp.jwt.}
     * that name no setting, then every setting read again. Overrides of items not deployed now are left out (a tool
     * registered while running may still come), and so are environment variables that stand for no setting and
     * overridden values ({@link Finding#keepsReadinessDown}); the {@link ConfigurationReport} keeps them, refreshed here.
     */
    public List<String> findings() {
        List<String> findings = new ArrayList<>();
        List<McpItem> items = items();
        List<Finding> names = names(items);
        report.record(names);
        names.stream().filter(Finding::keepsReadinessDown).forEach(finding -> findings.add(finding.message()));
        findings.addAll(problems(items));
        return findings;
    }

    /** Every setting and item override read once; the messages of those that do not parse, each naming its property. */
    List<String> problems(List<McpItem> items) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : SettingCatalog.ALL) {
            try {
                setting.read().apply(settings);
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        items.forEach(item -> checkOverrides(item, problems));
        return problems;
    }

    private List<McpItem> items() {
        return Stream.of(tools.all(), prompts.all(), resources.resources(), resources.templates())
                .flatMap(List::stream).map(McpItem.class::cast).toList();
    }

    private String effectiveSettings() {
        return SettingCatalog.ALL.stream()
                .map(s -> "  " + s.name() + " = " + SettingCatalog.shown(s, settings))
                .collect(Collectors.joining("\n", "MCP effective settings (secrets masked):\n", ""));
    }

    /** The names {@link PropertyNames} last checked, and what it found. */
    private record NamesChecked(Set<String> names, Set<String> environment, Map<ItemKind, Set<String>> deployed, List<Finding> findings) {
    }

    private volatile NamesChecked lastNames;

    /**
     * {@link PropertyNames#check} of the configuration's names and the environment's, checked again only when they or
     * the deployed items changed: every readiness probe asked, and an unrelated {@code MCP_} variable (a Kubernetes
     * service's, MCP Inspector's) was compared with every override name of every item, a second of CPU per probe at
     * the 32,000 items the names are remembered for.
     */
    List<Finding> unknownNames(Iterable<String> configNames, Map<ItemKind, Set<String>> deployed) {
        Set<String> names = new HashSet<>();
        configNames.forEach(names::add);
        Set<String> variables = Set.copyOf(environment.keySet());
        NamesChecked last = lastNames;
        if (last != null && last.names().equals(names) && last.environment().equals(variables) && last.deployed().equals(deployed)) {
            return last.findings();
        }
        List<Finding> findings = List.copyOf(PropertyNames.check(names, variables, deployed));
        lastNames = new NamesChecked(names, variables, deployed, findings);
        return findings;
    }

    private static Map<ItemKind, Set<String>> deployed(List<McpItem> items) {
        Map<ItemKind, Set<String>> byKind = new EnumMap<>(ItemKind.class);
        items.forEach(item -> byKind.computeIfAbsent(item.kind(), k -> new HashSet<>()).add(item.name()));
        return byKind;
    }

    private void checkOverrides(McpItem item, List<String> problems) {
        for (String attribute : item.kind().overrideAttributes()) {
            BiConsumer<McpSettings, String> read = OVERRIDE_READERS.get(attribute);
            if (read != null) {
                try {
                    read.accept(settings, item.kind().key(item.name(), attribute));
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
        }
    }
}
