package dev.jakartamcp.resources;

import dev.jakartamcp.protocol.ResourceUris;
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
 * expansion: one path segment, no '/', '?' or '#', its value percent-decoded, as expansion percent-encodes it) and
 * {@code {+var}} (reserved expansion: may span segments, its value as it stands, as expansion keeps reserved characters
 * and percent-encoded triplets). Any other expression ({@code {?q}}, {@code {/p}}, {@code {a,b}}, {@code {v*}},
 * {@code {v:3}}), a stray brace or a variable used twice is refused when the template is made, not matched literally.
 *
 * <p>Where a URI splits into the variables in more than one way ({@code {schema}.{table}} and {@code a.b.c}), each
 * variable takes the longest value that still lets the rest match, left to right ({@code a.b} and {@code c}), as a
 * greedy regular expression would. It is found in time linear in the URI's length times the template's parts, not by
 * backtracking: a regular expression of three variables took seconds, of four an hour, for a URI of 2048 characters
 * that does not match.
 */
public final class UriTemplate {
    /** {@code {name}} or {@code {+name}}; a name as RFC 6570 has it, a '.' only between its characters ({@code {.x}} is label expansion). */
    private static final Pattern EXPRESSION = Pattern.compile("\\{([+]?)([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)}");

    /** A literal text, or a variable (its index among the variables) that is simple or reserved. */
    private record Part(String literal, int variable, boolean simple) {
        boolean isLiteral() {
            return literal != null;
        }
    }

    private final String template;
    private final List<Part> parts;
    private final List<String> variables;

    /** @throws IllegalArgumentException naming what is not supported */
    public UriTemplate(String template) {
        this.template = template;
        List<String> names = new ArrayList<>();
        List<Part> list = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            addLiteral(list, template.substring(last, m.start()));
            if (names.contains(m.group(2))) {
                throw new IllegalArgumentException("variable '" + m.group(2) + "' occurs twice in " + template);
            }
            list.add(new Part(null, names.size(), m.group(1).isEmpty()));
            names.add(m.group(2));
            last = m.end();
        }
        addLiteral(list, template.substring(last));
        String normal = ResourceUris.normalized(template);
        if (!normal.equals(template)) {
            // URIs are matched in their normal form (ResourceUris), which this template's literal text never is
            throw new IllegalArgumentException("template " + template + " is not in RFC 3986 normal form; write it as " + normal);
        }
        this.parts = List.copyOf(list);
        this.variables = List.copyOf(names);
    }

    private void addLiteral(List<Part> list, String text) {
        int brace = Math.max(text.indexOf('{'), text.indexOf('}'));
        if (brace >= 0) {
            throw new IllegalArgumentException("unsupported expression in " + template
                    + ": only {name} and {+name} are matched (names of letters, digits and '_', a '.' only between them)");
        }
        if (!text.isEmpty()) {
            list.add(new Part(text, -1, false));
        }
    }

    public String template() {
        return template;
    }

    /**
     * The order in which templates are tried for a URI: the one with more literal text first (it says more about the
     * URIs it matches: {@code repo://{owner}/{name}} before {@code repo://{+path}}), then the one with fewer reserved
     * variables, then by the template's text.
     */
    public static final java.util.Comparator<UriTemplate> MOST_SPECIFIC_FIRST = java.util.Comparator
            .comparingInt((UriTemplate t) -> -t.literalLength())
            .thenComparingLong(t -> t.parts.stream().filter(p -> !p.isLiteral() && !p.simple()).count())
            .thenComparing(UriTemplate::template);

    private int literalLength() {
        return parts.stream().filter(Part::isLiteral).mapToInt(p -> p.literal().length()).sum();
    }

    public List<String> variables() {
        return variables;
    }

    /** The variables' values when {@code uri} matches; empty also when a value is not well-formed percent-encoded UTF-8. */
    public Optional<Map<String, String>> match(String uri) {
        int[][] ends = ends(uri);
        if (ends == null) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (part.isLiteral()) {
                at += part.literal().length();
                continue;
            }
            int end = ends[i][at];
            String value = uri.substring(at, end);
            if (part.simple()) {
                Optional<String> plain = PercentDecoding.decoded(value);
                if (plain.isEmpty()) {
                    return Optional.empty();
                }
                value = plain.get();
            }
            values.put(variables.get(part.variable()), value);
            at = end;
        }
        return Optional.of(values);
    }

    /**
     * Per variable part and start position in {@code uri}: where its value ends when the rest matches from there,
     * the longest such end (-1: none); null when the URI does not match at all. Worked out from the last part back,
     * each part once over every position.
     */
    private int[][] ends(String uri) {
        int n = uri.length();
        if (!parts.isEmpty() && (parts.get(0).isLiteral() && !uri.startsWith(parts.get(0).literal())
                || parts.get(parts.size() - 1).isLiteral() && !uri.endsWith(parts.get(parts.size() - 1).literal()))) {
            return null; // the common case: another scheme, prefix or suffix
        }
        // matches[p]: whether the parts after the current one match uri from p to its end
        boolean[] matches = new boolean[n + 1];
        matches[n] = true;
        int[][] ends = new int[parts.size()][];
        for (int i = parts.size() - 1; i >= 0; i--) {
            Part part = parts.get(i);
            boolean[] here = new boolean[n + 1];
            if (part.isLiteral()) {
                String literal = part.literal();
                for (int p = 0; p + literal.length() <= n; p++) {
                    here[p] = matches[p + literal.length()] && uri.startsWith(literal, p);
                }
            } else {
                int[] end = new int[n + 1];
                // from the right: the last position the rest matches from, up to the value's stop (its first character
                // a value of this kind cannot hold, or the end), so each position's longest value in one pass
                int best = -1;
                int stop = n;
                for (int p = n; p >= 0; p--) {
                    if (p < n && stops(part, uri.charAt(p))) {
                        stop = p;
                        best = -1;
                    }
                    if (p < stop && matches[p + 1] && best < 0 && !splitsPair(uri, p + 1)) {
                        best = p + 1; // never between the halves of a surrogate pair: the regex matched code points
                    }
                    // best is the largest e in (p, stop] with matches[e] once found: found from the right, it stays
                    end[p] = p < stop && best > p ? best : -1;
                    here[p] = end[p] > 0;
                }
                ends[i] = end;
            }
            matches = here;
        }
        return matches[0] ? ends : null;
    }

    private static boolean splitsPair(String uri, int at) {
        return at > 0 && at < uri.length() && Character.isHighSurrogate(uri.charAt(at - 1)) && Character.isLowSurrogate(uri.charAt(at));
    }

    /** Whether a value of {@code part} cannot hold {@code c}: '/', '?', '#' for a simple one; a line break for both. */
    private static boolean stops(Part part, char c) {
        if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
            return true;
        }
        return part.simple() && (c == '/' || c == '?' || c == '#');
    }
}
