package dev.jakartamcp.schema;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the constructs of a {@link java.util.regex.Pattern} regular expression that a JSON Schema {@code pattern}
 * (ECMA-262) does not have or reads otherwise, so that a {@code @Pattern} using one is refused rather than copied into
 * a schema that clients reject, or match differently from the server: possessive quantifiers ({@code a*+}), atomic
 * groups ({@code (?>…)}), inline flags ({@code (?i)}), the anchors {@code \A \Z \z \G}, quoting ({@code \Q…\E}),
 * Java's escapes {@code \h \H \v \V \R \X \e \a \N{…} \x{…}}, Java's properties ({@code \p{javaLowerCase}},
 * {@code \p{IsAlphabetic}}, {@code \p{InGreek}}, the POSIX ones such as {@code \p{Lower}}, and {@code \pL} without
 * braces), nested classes and intersections in a class ({@code [a-z&&[^q]]}), and what ECMA-262's unicode mode (the
 * one JSON Schema validators use) refuses although Java reads it as a literal: a backslash before a character that is
 * no letter, digit or syntax character ({@code \-} outside a class, {@code \_}, {@code \@}), a lone {@code ]} or {@code }}.
 */
final class JavaOnlyRegex {

    /** Java's POSIX classes, ASCII only in Java; ECMA-262 has none of them, or a Unicode property of that alias. */
    private static final Set<String> POSIX_CLASSES =
            Set.of("Lower", "Upper", "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print", "Blank", "Cntrl", "XDigit", "Space");

    private static final Pattern BOUNDED_QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    private JavaOnlyRegex() {
    }

    /** The first such construct in {@code regex}, as a message names it ({@code a possessive quantifier (*+)}). */
    static Optional<String> firstIn(String regex) {
        boolean inClass = false;
        Matcher quantifier = BOUNDED_QUANTIFIER.matcher(regex);
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            if (c == '\\') {
                Escape escape = escape(regex, i, inClass);
                if (escape.javaOnly() != null) {
                    return Optional.of(escape.javaOnly());
                }
                i = escape.end();
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[') {
                    return Optional.of("a class nested in a class ([…[…]…])");
                } else if (c == '&' && next == '&') {
                    return Optional.of("a class intersection (&&)");
                }
            } else if (c == '[') {
                int first = next == '^' ? i + 2 : i + 1;
                if (first < regex.length() && regex.charAt(first) == ']') {
                    i = first; // [] and [^], as ECMA-262 reads them
                } else {
                    inClass = true;
                    i = first - 1;
                }
            } else if (c == '(' && next == '?' && i + 2 < regex.length()) {
                char kind = regex.charAt(i + 2);
                if (kind == '>') {
                    return Optional.of("an atomic group ((?>…))");
                }
                if (Character.isLetter(kind) || kind == '-') {
                    int end = i + 2;
                    while (end < regex.length() && regex.charAt(end) != ')' && regex.charAt(end) != ':') {
                        end++;
                    }
                    String flags = regex.substring(i, end);
                    return Optional.of("inline flags (" + flags + (end < regex.length() && regex.charAt(end) == ':' ? ":…)" : ")") + ")");
                }
                i++;
            } else if (c == '{' && quantifier.find(i) && quantifier.start() == i) {
                i = quantifier.end() - 1;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '+') {
                    return Optional.of("a possessive quantifier (" + quantifier.group() + "+)");
                }
            } else if ((c == '*' || c == '+' || c == '?') && next == '+') {
                return Optional.of("a possessive quantifier (" + c + "+)");
            } else if (c == ']' || c == '}') {
                // a literal to Java, a syntax error to ECMA-262's unicode mode, which JSON Schema validators use
                return Optional.of("a lone " + c + " outside a class (write \\" + c + ")");
            }
        }
        return Optional.empty();
    }

    /** An escape starting at {@code start}: what it is when Java's only, else the index of its last character. */
    private record Escape(String javaOnly, int end) {
    }

    /** What ECMA-262's unicode mode lets be escaped of the characters that are no letter or digit: its syntax characters. */
    private static final String ECMA_ESCAPABLE = "^$\\.*+?()[]{}|/";

    private static Escape escape(String regex, int start, boolean inClass) {
        if (start + 1 >= regex.length()) {
            return new Escape(null, start);
        }
        char e = regex.charAt(start + 1);
        boolean asciiLetterOrDigit = e < 128 && Character.isLetterOrDigit(e);
        if (!asciiLetterOrDigit && ECMA_ESCAPABLE.indexOf(e) < 0 && !(inClass && e == '-')) {
            // Java reads a backslash before any such character as that character; ECMA-262's unicode mode, which JSON
            // Schema validators use, refuses the whole pattern (a client leaves the tool out, or lists none)
            return new Escape("the escape \\" + e + " (write " + e + " without the backslash)", 0);
        }
        boolean braced = start + 2 < regex.length() && regex.charAt(start + 2) == '{';
        return switch (e) {
            case 'A', 'Z', 'z', 'G' -> new Escape("the anchor \\" + e, 0);
            case 'Q', 'E' -> new Escape("quoting (\\Q…\\E)", 0);
            case 'h', 'H', 'V', 'R', 'X', 'e', 'a' -> new Escape("the escape \\" + e, 0);
            case 'v' -> new Escape("the escape \\v (any vertical white space in Java, only U+000B in ECMA-262)", 0);
            case 'N' -> new Escape("a named character (\\N{…})", 0);
            case 'x' -> braced ? new Escape("a code point in braces (\\x{…})", 0) : new Escape(null, start + 1);
            case 'c' -> new Escape(null, Math.min(start + 2, regex.length() - 1));
            case 'p', 'P' -> property(regex, start, e, braced);
            default -> new Escape(null, start + 1);
        };
    }

    private static Escape property(String regex, int start, char e, boolean braced) {
        if (!braced) {
            return new Escape("a property without braces (\\" + e + (start + 2 < regex.length() ? regex.charAt(start + 2) : "") + ")", 0);
        }
        int close = regex.indexOf('}', start + 3);
        if (close < 0) {
            return new Escape(null, regex.length() - 1);
        }
        String name = regex.substring(start + 3, close);
        if (name.startsWith("java") || name.startsWith("In") || name.startsWith("Is") || POSIX_CLASSES.contains(name)) {
            return new Escape("Java's property \\" + e + "{" + name + "}", 0);
        }
        return new Escape(null, close);
    }
}
