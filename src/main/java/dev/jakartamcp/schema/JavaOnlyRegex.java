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
 * no letter, digit or syntax character ({@code \-} outside a class, {@code \_}, {@code \@}), a lone {@code ]} or {@code }},
 * a class escape as an end of a range in a class ({@code [\w-.]}), an octal escape ({@code \012}), {@code \c} before
 * anything but a letter, a quantified lookaround ({@code (?=a)*}), a backreference to a group the pattern does not
 * have ({@code (a)\2}, {@code a\8}), and Java's property {@code \p{all}}.
 */
final class JavaOnlyRegex {

    /** Java's POSIX classes, ASCII only in Java; ECMA-262 has none of them, or a Unicode property of that alias. */
    private static final Set<String> POSIX_CLASSES =
            Set.of("Lower", "Upper", "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print", "Blank", "Cntrl", "XDigit", "Space");

    private static final Pattern BOUNDED_QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    private JavaOnlyRegex() {
    }

    /** Where a class is: nothing read yet, after a character, after a class escape ({@code \w}), after a range. */
    private enum InClass { START, ATOM, CLASS_ESCAPE, RANGE }

    /** The first such construct in {@code regex}, as a message names it ({@code a possessive quantifier (*+)}). */
    static Optional<String> firstIn(String regex) {
        boolean inClass = false;
        InClass classState = InClass.START;
        boolean rangeOpen = false;
        int groups = capturingGroups(regex);
        java.util.ArrayDeque<Boolean> lookarounds = new java.util.ArrayDeque<>();
        Matcher quantifier = BOUNDED_QUANTIFIER.matcher(regex);
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
            if (c == '\\') {
                Escape escape = escape(regex, i, inClass, groups);
                if (escape.javaOnly() != null) {
                    return Optional.of(escape.javaOnly());
                }
                if (inClass) {
                    boolean classEscape = "wWdDsSpP".indexOf(next) >= 0;
                    if (classEscape && rangeOpen) {
                        return Optional.of("a class escape as an end of a range ([a-\\" + next + "]; write - first or last in the class)");
                    }
                    classState = rangeOpen ? InClass.RANGE : classEscape ? InClass.CLASS_ESCAPE : InClass.ATOM;
                    rangeOpen = false;
                }
                i = escape.end();
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c == '[') {
                    return Optional.of("a class nested in a class ([…[…]…])");
                } else if (c == '&' && next == '&') {
                    return Optional.of("a class intersection (&&)");
                } else if (c == '-' && next != ']' && !rangeOpen && (classState == InClass.ATOM || classState == InClass.CLASS_ESCAPE)) {
                    if (classState == InClass.CLASS_ESCAPE) {
                        // ECMA-262's unicode mode refuses what Java reads as a literal '-' after \w
                        return Optional.of("a class escape as an end of a range ([\\w-.]; write - first or last in the class)");
                    }
                    rangeOpen = true;
                } else {
                    classState = rangeOpen ? InClass.RANGE : InClass.ATOM;
                    rangeOpen = false;
                }
            } else if (c == '[') {
                int first = next == '^' ? i + 2 : i + 1;
                if (first < regex.length() && regex.charAt(first) == ']') {
                    i = first; // [] and [^], as ECMA-262 reads them
                } else {
                    inClass = true;
                    classState = InClass.START;
                    rangeOpen = false;
                    i = first - 1;
                }
            } else if (c == '(') {
                lookarounds.push(regex.startsWith("(?=", i) || regex.startsWith("(?!", i) || regex.startsWith("(?<=", i)
                        || regex.startsWith("(?<!", i));
                Optional<String> group = groupStart(regex, i, next);
                if (group.isPresent()) {
                    return group;
                }
                if (next == '?') {
                    i++;
                }
            } else if (c == ')') {
                boolean lookaround = !lookarounds.isEmpty() && lookarounds.pop();
                if (lookaround && (next == '*' || next == '+' || next == '?' || next == '{' && quantifier.find(i + 1) && quantifier.start() == i + 1)) {
                    return Optional.of("a quantified lookaround ((?=…)" + next + "…)");
                }
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

    /** What Java has of a group starting at {@code i} that ECMA-262 has not (atomic groups, inline flags). */
    private static Optional<String> groupStart(String regex, int i, char next) {
        if (next != '?' || i + 2 >= regex.length()) {
            return Optional.empty();
        }
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
        return Optional.empty();
    }

    /** The capturing groups of {@code regex}, numbered and named ({@code (…)}, {@code (?<name>…)}), outside classes. */
    private static int capturingGroups(String regex) {
        int groups = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++; // a ']' first in a class is one of its characters
                }
            } else if (c == '(') {
                boolean plain = i + 1 >= regex.length() || regex.charAt(i + 1) != '?';
                boolean named = regex.startsWith("(?<", i) && i + 3 < regex.length() && Character.isLetter(regex.charAt(i + 3));
                if (plain || named) {
                    groups++;
                }
            }
        }
        return groups;
    }

    /** An escape starting at {@code start}: what it is when Java's only, else the index of its last character. */
    private record Escape(String javaOnly, int end) {
    }

    /** What ECMA-262's unicode mode lets be escaped of the characters that are no letter or digit: its syntax characters. */
    private static final String ECMA_ESCAPABLE = "^$\\.*+?()[]{}|/";

    private static Escape escape(String regex, int start, boolean inClass, int groups) {
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
            case 'c' -> start + 2 < regex.length() && isAsciiLetter(regex.charAt(start + 2)) ? new Escape(null, start + 2)
                    : new Escape("the escape \\c" + (start + 2 < regex.length() ? regex.charAt(start + 2) : "")
                    + " (in ECMA-262 a control escape takes a letter)", 0);
            case '0' -> start + 2 < regex.length() && Character.isDigit(regex.charAt(start + 2))
                    ? new Escape("an octal escape (\\0" + regex.charAt(start + 2) + "…; write \\x or \\u)", 0) : new Escape(null, start + 1);
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> backreference(regex, start, groups);
            case 'p', 'P' -> property(regex, start, e, braced);
            default -> new Escape(null, start + 1);
        };
    }

    /** ECMA-262 reads every digit after the backslash as the group's number, which must be one of the pattern's groups. */
    private static Escape backreference(String regex, int start, int groups) {
        int end = start + 1;
        while (end + 1 < regex.length() && Character.isDigit(regex.charAt(end + 1))) {
            end++;
        }
        String number = regex.substring(start + 1, end + 1);
        if (number.length() > 9 || Integer.parseInt(number) > groups) {
            return new Escape("a backreference to group " + number + ", which the pattern does not have (\\" + number + ")", 0);
        }
        return new Escape(null, end);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
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
        if (name.startsWith("java") || name.startsWith("In") || name.startsWith("Is") || POSIX_CLASSES.contains(name) || name.equalsIgnoreCase("all")) {
            return new Escape("Java's property \\" + e + "{" + name + "}", 0);
        }
        return new Escape(null, close);
    }
}
