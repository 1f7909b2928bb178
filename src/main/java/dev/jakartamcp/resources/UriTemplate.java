package dev.jakartamcp.resources;

import dev.jakartamcp.schema.PercentDecoding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches URIs against an RFC 6570 template for the expressions resource templates use: {@code {var}} (simple string
 * expansion: one path segment, no '/', its value percent-decoded, as expansion percent-encodes it) and {@code {+var}}
 * (reserved expansion: may span segments, its value as it stands, as expansion keeps reserved characters and
 * percent-encoded triplets). Any other expression ({@code {?q}}, {@code {/p}}, {@code {a,b}}, {@code {v*}},
 * {@code {v:3}}), a stray brace or a variable used twice is refused when the template is made, not matched literally.
 */
public final class UriTemplate {
    private static final Pattern EXPRESSION = Pattern.compile("\\{([+]?)([A-Za-z0-9_.]+)}");

    private final String template;
    private final Pattern pattern;
    private final List<String> variables;
    /** Per variable: whether its value is percent-decoded (simple expansion). */
    private final List<Boolean> decoded;

    /** @throws IllegalArgumentException naming what is not supported */
    public UriTemplate(String template) {
        this.template = template;
        List<String> names = new ArrayList<>();
        List<Boolean> decode = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(literal(template.substring(last, m.start())));
            boolean simple = m.group(1).isEmpty();
            regex.append(simple ? "([^/?#]+)" : "(.+)");
            if (names.contains(m.group(2))) {
                throw new IllegalArgumentException("variable '" + m.group(2) + "' occurs twice in " + template);
            }
            names.add(m.group(2));
            decode.add(simple);
            last = m.end();
        }
        regex.append(literal(template.substring(last)));
        this.pattern = Pattern.compile(regex.toString());
        this.variables = List.copyOf(names);
        this.decoded = List.copyOf(decode);
    }

    private String literal(String text) {
        int brace = Math.max(text.indexOf('{'), text.indexOf('}'));
        if (brace >= 0) {
            throw new IllegalArgumentException("unsupported expression in " + template
                    + ": only {name} and {+name} are matched (names of letters, digits, '_' and '.')");
        }
        return Pattern.quote(text);
    }

    public String template() {
        return template;
    }

    public List<String> variables() {
        return variables;
    }

    /** The variables' values when {@code uri} matches; empty also when a value is not well-formed percent-encoded UTF-8. */
    public Optional<Map<String, String>> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            String value = m.group(i + 1);
            if (decoded.get(i)) {
                Optional<String> plain = PercentDecoding.decoded(value);
                if (plain.isEmpty()) {
                    return Optional.empty();
                }
                value = plain.get();
            }
            values.put(variables.get(i), value);
        }
        return Optional.of(values);
    }
}
