package dev.jakartamcp.ops;

import dev.jakartamcp.ops.ConfigurationReport.Finding;
import dev.jakartamcp.pipeline.ItemKind;
import dev.jakartamcp.protocol.SettingCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks the names of the properties under {@code mcp.} that the configuration holds: each must be a setting of the
 * {@link SettingCatalog} or an override {@code mcp.<kind>.<name>.<attribute>} of a deployed item. Anything else is
 * most likely a typo, reported with the closest known name. Environment variables under {@code MCP_} and
 * {@code mcp_} are checked the same way, against the names MicroProfile Config would look them up by
 * ({@link EnvironmentForm}): a misspelt one names no property, so its value is ignored as silently as that of a
 * misspelt property.
 */
final class PropertyNames {
    private static final int MAX_FINDINGS = 100;

    /**
     * How MicroProfile Config (3.1, environment variables source) finds a property in the environment when the
     * variable is not named as the property itself: every character but {@code [A-Za-z0-9]} made {@code _}, as written
     * ({@code mcp_session_timeout}) or in upper case ({@code MCP_SESSION_TIMEOUT}). Each form has a prefix of its own,
     * so a variable is checked against the names of its form only.
     */
    enum EnvironmentForm {
        UPPER_CASE("MCP_"),
        AS_WRITTEN("mcp_");

        final String prefix;

        EnvironmentForm(String prefix) {
            this.prefix = prefix;
        }

        /** The variable of this form that stands for {@code property}. */
        String name(String property) {
            StringBuilder name = new StringBuilder(property.length());
            for (int i = 0; i < property.length(); i++) {
                char c = property.charAt(i);
                boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                name.append(!alphanumeric ? '_' : this == UPPER_CASE ? Character.toUpperCase(c) : c);
            }
            return name.toString();
        }

        /** The form whose prefix {@code variable} has, if any. */
        static Optional<EnvironmentForm> of(String variable) {
            for (EnvironmentForm form : values()) {
                if (variable.startsWith(form.prefix)) {
                    return Optional.of(form);
                }
            }
            return Optional.empty();
        }
    }

    private PropertyNames() {
    }

    /**
     * Findings for {@code names} (all property names; those outside {@code mcp.} are ignored), sorted by name: at most
     * {@value #MAX_FINDINGS} unknown names and as many overrides of items that are not deployed.
     */
    static List<Finding> check(Iterable<String> names, Map<ItemKind, Set<String>> deployed) {
        return check(names, Set.of(), deployed);
    }

    /**
     * As {@link #check(Iterable, Map)}, and the names of {@code environment} (the process's environment variables;
     * those of no {@link EnvironmentForm} are ignored) that stand for no setting and no override of a deployed item.
     */
    static List<Finding> check(Iterable<String> names, Set<String> environment, Map<ItemKind, Set<String>> deployed) {
        Set<String> sorted = new TreeSet<>();
        names.forEach(name -> {
            if (name != null && name.startsWith("mcp.")) {
                sorted.add(name);
            }
        });
        environment.forEach(name -> {
            if (name != null && isEnvironmentVariable(name)) {
                sorted.add(name);
            }
        });
        Map<EnvironmentForm, EnvironmentNames> known = new EnumMap<>(EnvironmentForm.class);
        List<Finding> findings = new ArrayList<>();
        // counted apart: readiness leaves overrides of items not deployed out, so they must not crowd out a typo
        int unknown = 0;
        int missing = 0;
        for (String name : sorted) {
            Optional<String> problem = EnvironmentForm.of(name)
                    .map(form -> known.computeIfAbsent(form, f -> new EnvironmentNames(f, deployed)).problem(name))
                    .orElseGet(() -> problem(name, deployed));
            if (problem.isEmpty()) {
                continue;
            }
            Finding finding = new Finding(name, problem.get());
            if (finding.aboutMissingItem() ? missing++ < MAX_FINDINGS : unknown++ < MAX_FINDINGS) {
                findings.add(finding);
            }
            if (unknown >= MAX_FINDINGS && missing >= MAX_FINDINGS) {
                break;
            }
        }
        return findings;
    }

    /** Whether a finding about {@code name} is about an environment variable (only a warning: see {@link Finding#keepsReadinessDown}). */
    static boolean isEnvironmentVariable(String name) {
        return EnvironmentForm.of(name).isPresent();
    }

    private static Optional<String> problem(String name, Map<ItemKind, Set<String>> deployed) {
        if (SettingCatalog.find(name).isPresent()) {
            return Optional.empty();
        }
        for (ItemKind kind : ItemKind.values()) {
            String prefix = "mcp." + kind.configPrefix() + ".";
            int lastDot = name.lastIndexOf('.');
            if (name.startsWith(prefix) && lastDot > prefix.length()) {
                String item = name.substring(prefix.length(), lastDot);
                String attribute = name.substring(lastDot + 1);
                Set<String> items = deployed.getOrDefault(kind, Set.of());
                if (!kind.overrideAttributes().contains(attribute)) {
                    // task is a tool's only: on a prompt or resource it would be ignored, so it is as unknown there
                    return Optional.of("unknown override '" + attribute + "' of " + kind.label() + " " + item + " (known: "
                            + String.join(", ", kind.overrideAttributes()) + ")");
                }
                if (!items.contains(item)) {
                    return Optional.of(Finding.NOT_DEPLOYED + kind.label() + " named '" + item + "' is deployed"
                            + closest(item, items).map(c -> " (did you mean " + c + "?)").orElse(""));
                }
                return Optional.empty();
            }
        }
        Stream<String> known = SettingCatalog.ALL.stream().map(SettingCatalog.Setting::name);
        return Optional.of("unknown setting, ignored" + closest(name, known.toList()).map(c -> " (did you mean " + c + "?)").orElse(""));
    }

    /** The upper-case environment variable that stands for {@code property}: {@code MCP_SESSION_TIMEOUT} for {@code mcp.session.timeout}. */
    static String environmentName(String property) {
        return EnvironmentForm.UPPER_CASE.name(property);
    }

    /** The environment variables of one {@link EnvironmentForm} that stand for a setting or an override of a deployed item. */
    private static final class EnvironmentNames {
        private final EnvironmentForm form;
        private final Set<String> settings = new TreeSet<>();
        private final Map<ItemKind, Set<String>> overrides = new EnumMap<>(ItemKind.class);

        EnvironmentNames(EnvironmentForm form, Map<ItemKind, Set<String>> deployed) {
            this.form = form;
            SettingCatalog.ALL.forEach(setting -> settings.add(form.name(setting.name())));
            for (ItemKind kind : ItemKind.values()) {
                Set<String> names = new TreeSet<>();
                for (String item : deployed.getOrDefault(kind, Set.of())) {
                    kind.overrideAttributes().forEach(attribute -> names.add(form.name(kind.key(item, attribute))));
                }
                overrides.put(kind, names);
            }
        }

        Optional<String> problem(String variable) {
            if (settings.contains(variable)) {
                return Optional.empty();
            }
            for (ItemKind kind : ItemKind.values()) {
                Set<String> known = overrides.get(kind);
                if (known.contains(variable)) {
                    return Optional.empty();
                }
                String prefix = form.name("mcp." + kind.configPrefix() + ".");
                for (String attribute : kind.overrideAttributes()) {
                    String suffix = form.name("." + attribute);
                    if (variable.startsWith(prefix) && variable.endsWith(suffix)
                            && variable.length() > prefix.length() + suffix.length()) {
                        String item = variable.substring(prefix.length(), variable.length() - suffix.length());
                        return Optional.of(Finding.NOT_DEPLOYED + kind.label() + " whose name reads '" + item
                                + "' in an environment variable is deployed"
                                + closest(variable, known).map(c -> " (did you mean " + c + "?)").orElse(""));
                    }
                }
            }
            List<String> all = new ArrayList<>(settings);
            overrides.values().forEach(all::addAll);
            return Optional.of("unknown setting, ignored" + closest(variable, all).map(c -> " (did you mean " + c + "?)").orElse(""));
        }
    }

    /** The known name nearest to {@code name}, if one is within a few edits. */
    static Optional<String> closest(String name, Iterable<String> known) {
        List<String> candidates = new ArrayList<>();
        known.forEach(candidates::add);
        return candidates.stream()
                .filter(k -> distance(name, k) <= Math.max(2, name.length() / 8))
                .min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k));
    }

    /** Levenshtein distance, for short property names only. */
    static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
