package dev.jakartamcp.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches URIs against an RFC 6570 template for the expressions resource templates use: {@code {var}} (one path
 * segment, no '/'), and {@code {+var}} (reserved expansion, may span segments).
 */
public final class UriTemplate {
    private static final Pattern EXPRESSION = Pattern.compile("\\{([+]?)([A-Za-z0-9_.]+)}");

    private final String template;
    private final Pattern pattern;
    private final List<String> variables;

    public UriTemplate(String template) {
        this.template = template;
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(1).isEmpty() ? "([^/?#]+)" : "(.+)");
            names.add(m.group(2));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        this.pattern = Pattern.compile(regex.toString());
        this.variables = List.copyOf(names);
    }

    public String template() {
        return template;
    }

    public List<String> variables() {
        return variables;
    }

    public Optional<Map<String, String>> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            values.put(variables.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }
}
