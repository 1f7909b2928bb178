package dev.jakartamcp.schema;

/**
 * Rewrites the few constructs where a JSON Schema (ECMA-262) regular expression means something
 * else to {@link java.util.regex.Pattern}, so that the validator does not accept what a JavaScript
 * client would reject:
 * <ul>
 * <li>{@code $} is the end of the input (Java also matches before a final line terminator, so
 *     {@code ^[a-z]+$} would accept {@code "abc\n"}): it becomes {@code \z};</li>
 * <li>{@code .} excludes exactly the ECMA line terminators (\n, \r, U+2028, U+2029);</li>
 * <li>{@code \s} and {@code \S} use ECMA's white space (no-break space, U+FEFF, the Unicode space
 *     separators and line terminators as well);</li>
 * <li>{@code \cx} is a control character for lower-case letters too;</li>
 * <li>{@code \b} and {@code \B} are the boundaries of ASCII word characters (Java's own, up to Java 18, count every
 *     Unicode letter);</li>
 * <li>in a character class, {@code [} and {@code &} are literal (Java nests classes and
 *     intersects with {@code &&}); {@code []} matches nothing and {@code [^]} any character.</li>
 * </ul>
 * Anything else is passed on as it is: Java understands the common ECMA syntax the same way
 * (\d and \w are ASCII in both), and what it does not understand fails to compile, which makes
 * the schema invalid.
 */
final class EcmaRegex {

    /** ECMA-262 WhiteSpace and LineTerminator, as the inside of a character class. */
    private static final String WHITE_SPACE =
            "\\t\\n\\x0B\\f\\r\\x20\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    /** ECMA-262's {@code \b} and {@code \B}: Java's {@code \w} is ASCII, as ECMA-262's is. */
    private static final String WORD_BOUNDARY = "(?:(?<=\\w)(?!\\w)|(?<!\\w)(?=\\w))";
    private static final String NOT_WORD_BOUNDARY = "(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))";

    private EcmaRegex() {
    }

    static String toJava(String regex) {
        StringBuilder java = new StringBuilder(regex.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(++i);
                if (next == 's') {
                    java.append(inClass ? WHITE_SPACE : "[" + WHITE_SPACE + "]");
                } else if (next == 'S') {
                    java.append("[^").append(WHITE_SPACE).append(']'); // nested in a class: a union, as meant
                } else if ((next == 'b' || next == 'B') && !inClass) {
                    // ECMA-262's word boundary is between ASCII word characters and others; Java's \b (up to Java 18)
                    // counts every Unicode letter as a word character, so "café" had no boundary after its é
                    java.append(next == 'b' ? WORD_BOUNDARY : NOT_WORD_BOUNDARY);
                } else if (next == 'c' && i + 1 < regex.length() && isAsciiLetter(regex.charAt(i + 1))) {
                    java.append("\\c").append(Character.toUpperCase(regex.charAt(++i)));
                } else {
                    java.append(c).append(next);
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    java.append(c);
                } else if (c == '[' || c == '&') {
                    java.append('\\').append(c);
                } else {
                    java.append(c);
                }
            } else if (c == '[') {
                boolean negated = i + 1 < regex.length() && regex.charAt(i + 1) == '^';
                int close = negated ? i + 2 : i + 1;
                if (close < regex.length() && regex.charAt(close) == ']') {
                    java.append(negated ? "(?s:.)" : "(?!)"); // [^] and []
                    i = close;
                } else {
                    inClass = true;
                    java.append(negated ? "[^" : "[");
                    i = negated ? i + 1 : i;
                }
            } else if (c == '$') {
                java.append("\\z");
            } else if (c == '.') {
                java.append("[^\\n\\r\\u2028\\u2029]");
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
