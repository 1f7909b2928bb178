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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Checks the names of the properties under {@code mcp.} that the configuration holds: each must be a setting of the
 * {@link SettingCatalog} or an override {@code mcp.<kind>.<name>.<attribute>} of a deployed item. Anything else is
 * most likely a typo, reported with the closest known name. Of the properties under {@code mp.jwt.} only the three the
 * server reads pass: it validates tokens itself, so any other MP-JWT property would be ignored (one with an equivalent
 * setting names it). Environment variables under {@code MCP_}, {@code mcp_}, {@code MP_JWT_} and {@code mp_jwt_} are
 * checked the same way, against the names MicroProfile Config would look them up by ({@link EnvironmentForm}): a
 * misspelt one names no property, so its value is ignored as silently as that of a misspelt property.
 */
public final class PropertyNames {
    private static final int MAX_FINDINGS = 100;
    static final String JWT_PREFIX = "mp.jwt.";
    private static final String NOT_READ = "not read, ignored: this server validates tokens itself; ";
    /** The MP-JWT properties (2.1) besides the three read, each with what this server does instead. */
    private static final Map<String, String> UNREAD_JWT = new TreeMap<>(Map.of(
            "mp.jwt.verify.publickey.algorithm", "set mcp.auth.allowed-algorithms instead",
            "mp.jwt.verify.clock.skew", "set mcp.auth.clock-skew instead",
            "mp.jwt.verify.publickey", "the keys come only from the JWKS at mp.jwt.verify.publickey.location",
            "mp.jwt.verify.token.age", "there is no maximum token age: a token is accepted until its exp (within mcp.auth.clock-skew)",
            "mp.jwt.token.header", "tokens are taken only from the Authorization header",
            "mp.jwt.token.cookie", "tokens are taken only from the Authorization header",
            "mp.jwt.decrypt.key.location", "encrypted tokens (JWE) are not accepted",
            "mp.jwt.decrypt.key.algorithm", "encrypted tokens (JWE) are not accepted"));

    /**
     * How MicroProfile Config (3.1, environment variables source) finds a property in the environment when the
     * variable is not named as the property itself: every character but {@code [A-Za-z0-9]} made {@code _}, as written
     * ({@code mcp_session_timeout}) or in upper case ({@code MCP_SESSION_TIMEOUT}). Each form has a prefix of its own,
     * so a variable is checked against the names of its form only.
     */
    enum EnvironmentForm {
        UPPER_CASE("MCP_", "MP_JWT_"),
        AS_WRITTEN("mcp_", "mp_jwt_");

        final String prefix;
        final String jwtPrefix;

        EnvironmentForm(String prefix, String jwtPrefix) {
            this.prefix = prefix;
            this.jwtPrefix = jwtPrefix;
        }

        /** The variable of this form that stands for {@code property}. */
        String variable(String property) {
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
                if (variable.startsWith(form.prefix) || variable.startsWith(form.jwtPrefix)) {
                    return Optional.of(form);
                }
            }
            return Optional.empty();
        }
    }

    private PropertyNames() {
    }

    /** The upper-case environment variable in which MicroProfile Config finds {@code property} ({@link EnvironmentForm}). */
    public static String environmentVariable(String property) {
        return EnvironmentForm.UPPER_CASE.variable(property);
    }

    /**
     * Findings for {@code names} (all property names; those outside {@code mcp.} and {@code mp.jwt.} are ignored), sorted by name: at most
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
            if (name != null && (name.startsWith("mcp.") || name.startsWith(JWT_PREFIX))) {
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
        if (name.startsWith(JWT_PREFIX)) {
            return jwtProblem(name, property -> property);
        }
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

    /**
     * What is wrong with {@code name}, a property under {@code mp.jwt.} as {@code spelt} writes one (itself, or an
     * environment variable): nothing for the three read, what to do instead for the others of MP-JWT, else a typo.
     */
    private static Optional<String> jwtProblem(String name, UnaryOperator<String> spelt) {
        List<String> read = SettingCatalog.ALL.stream().map(SettingCatalog.Setting::name).filter(n -> n.startsWith(JWT_PREFIX)).toList();
        if (read.stream().map(spelt).anyMatch(name::equals)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> unread : UNREAD_JWT.entrySet()) {
            if (spelt.apply(unread.getKey()).equals(name)) {
                return Optional.of(NOT_READ + unread.getValue());
            }
        }
        return Optional.of("unknown setting, ignored" + closest(name, read.stream().map(spelt).toList())
                .map(c -> " (did you mean " + c + "?)")
                .orElse(" (of MP-JWT this server reads only " + String.join(", ", read) + ")"));
    }

    /** The upper-case environment variable that stands for {@code property}: {@code MCP_SESSION_TIMEOUT} for {@code mcp.session.timeout}. */
    static String environmentName(String property) {
        return EnvironmentForm.UPPER_CASE.variable(property);
    }

    /** The environment variables of one {@link EnvironmentForm} that stand for a setting or an override of a deployed item. */
    private static final class EnvironmentNames {
        private final EnvironmentForm form;
        private final Set<String> settings = new TreeSet<>();
        private final Map<ItemKind, Set<String>> overrides = new EnumMap<>(ItemKind.class);

        EnvironmentNames(EnvironmentForm form, Map<ItemKind, Set<String>> deployed) {
            this.form = form;
            SettingCatalog.ALL.forEach(setting -> settings.add(form.variable(setting.name())));
            for (ItemKind kind : ItemKind.values()) {
                Set<String> names = new TreeSet<>();
                for (String item : deployed.getOrDefault(kind, Set.of())) {
                    kind.overrideAttributes().forEach(attribute -> names.add(form.variable(kind.key(item, attribute))));
                }
                overrides.put(kind, names);
            }
        }

        Optional<String> problem(String variable) {
            if (variable.startsWith(form.jwtPrefix)) {
                return jwtProblem(variable, form::variable);
            }
            if (settings.contains(variable)) {
                return Optional.empty();
            }
            for (ItemKind kind : ItemKind.values()) {
                Set<String> known = overrides.get(kind);
                if (known.contains(variable)) {
                    return Optional.empty();
                }
                String prefix = form.variable("mcp." + kind.configPrefix() + ".");
                for (String attribute : kind.overrideAttributes()) {
                    String suffix = form.variable("." + attribute);
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
