package dev.jakartamcp.ops;

import dev.jakartamcp.ops.ConfigurationReport.Finding;
import dev.jakartamcp.ops.PropertyNames.EnvironmentForm;
import dev.jakartamcp.protocol.SettingCatalog;
import dev.jakartamcp.protocol.Texts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Values set in the environment or as system properties that MicroProfile Config never returns, because a source it
 * asks first sets the property too. On Liberty the shipped {@code mcp-settings.xml} sets every setting as a
 * {@code <variable value="…"/>} (ordinal 500), above system properties (400) and the environment (300): there
 * {@code MCP_SESSION_TIMEOUT=PT30M} or {@code -Dmcp.session.timeout=PT30M} was ignored without a word. Each is a
 * warning ({@link Finding#shadowed}), not a reason for readiness to be DOWN: the value in force is a valid one.
 */
final class ShadowedValues {
    private static final int MAX_SHOWN = 100;

    /** What MicroProfile Config returns for a property ({@code ConfigValue}): the value, as written, and its source. */
    record Effective(String value, String rawValue, String sourceName, int sourceOrdinal) {
    }

    private ShadowedValues() {
    }

    /**
     * For each of {@code properties} (the settings and the overrides of deployed items), sorted: its entry of
     * {@code systemProperties} and each variable of {@code environment} that stands for it (the property's own name,
     * {@code mcp_session_timeout}, {@code MCP_SESSION_TIMEOUT}), when set to a value other than the one
     * {@code effective} gives, and that one comes from a source. Secrets are masked as {@link SettingCatalog#isSecret} says.
     */
    static List<Finding> check(Collection<String> properties, Function<String, Effective> effective,
                               Map<String, String> environment, Map<String, String> systemProperties) {
        List<Finding> findings = new ArrayList<>();
        for (String property : new TreeSet<>(properties)) {
            Effective inForce = null;
            String system = systemProperties.get(property);
            if (isSet(system)) {
                inForce = effective.apply(property);
                ignored(property, "the system property", system, property, inForce).ifPresent(findings::add);
            }
            for (String variable : variables(property)) {
                String value = environment.get(variable);
                if (isSet(value)) {
                    inForce = inForce != null ? inForce : effective.apply(property);
                    ignored(variable, "the environment variable", value, property, inForce).ifPresent(findings::add);
                }
            }
        }
        return findings;
    }

    /** A finding about {@code name} (set to {@code value}) when MicroProfile Config returns another value, from elsewhere. */
    private static Optional<Finding> ignored(String name, String what, String value, String property, Effective inForce) {
        if (inForce == null || inForce.sourceName() == null
                || value.trim().equals(trimmed(inForce.value())) || value.trim().equals(trimmed(inForce.rawValue()))) {
            return Optional.empty();
        }
        boolean secret = SettingCatalog.isSecret(property);
        return Optional.of(new Finding(name, Finding.SHADOWED + what + " sets " + shown(value, secret) + ", but "
                + inForce.sourceName() + " (ordinal " + inForce.sourceOrdinal() + ") sets " + property + " to "
                + shown(inForce.value(), secret) + " and takes precedence"));
    }

    /** MicroProfile Config takes an empty value for none. */
    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String shown(String value, boolean secret) {
        String text = trimmed(value);
        if (text.isEmpty()) {
            return "an empty value (not set)";
        }
        if (secret) {
            return "a masked value";
        }
        return "'" + Texts.cut(text, MAX_SHOWN) + "'";
    }

    /** The environment variables MicroProfile Config (3.1) looks {@code property} up by, in its order. */
    private static Set<String> variables(String property) {
        Set<String> names = new LinkedHashSet<>();
        names.add(property);
        names.add(EnvironmentForm.AS_WRITTEN.variable(property));
        names.add(EnvironmentForm.UPPER_CASE.variable(property));
        return names;
    }
}
