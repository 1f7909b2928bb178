package dev.jakartamcp.transport;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Accept} and {@code Content-Type} read by one grammar (RFC 9110, sections 5.6 and 8.3.1, 12.5.1) and written
 * back in one canonical form, for the WAR's JAX-RS side: Jersey (Payara) and RESTEasy (Liberty) each parse these
 * headers by rules of their own before any resource or filter of the WAR runs, and differ — the same odd header was a
 * 400 on one server and passed on the other, {@code q=} with no value a 500 on Liberty, and RESTEasy logs a warning
 * with a stack trace per malformed value. What this accepts, they are given canonically (no optional whitespace, no
 * empty list elements or parameters), so both read it alike; what it refuses never reaches them.
 *
 * <p>Lenient where common clients are not exact, as both runtimes are: {@code *} for {@code *}{@code /*} and a
 * weight without its leading digit ({@code q=.2}), both in the default {@code Accept} of Java's
 * {@code HttpURLConnection}. Parameter names are written in lower case; a quoted value is written as a token when
 * it is one and otherwise left out (RESTEasy splits {@code Accept} at every comma, also inside quotes, and reads
 * backslashes its own way; no resource of the REST side reads a parameter). Repeated field lines are read one by one
 * ({@link RestHeadersFilter}), so that a quoted string never spans two of them.
 */
public final class MediaTypeHeaders {
    private MediaTypeHeaders() {
    }

    private static final Pattern WEIGHT = Pattern.compile("[01]?(\\.[0-9]{0,3})?");

    /** One {@code Accept} field line canonically (empty text for a list of nothing); empty if malformed. */
    public static Optional<String> canonicalAccept(String value) {
        List<String> ranges = new ArrayList<>();
        Scanner in = new Scanner(value);
        while (true) {
            in.skipWhitespace();
            if (!in.atEnd() && !in.at(',')) {
                Optional<String> range = mediaType(in, true);
                if (range.isEmpty()) {
                    return Optional.empty();
                }
                ranges.add(range.get());
                in.skipWhitespace();
            }
            if (in.atEnd()) {
                return Optional.of(String.join(", ", ranges));
            }
            if (!in.take(',')) {
                return Optional.empty();
            }
        }
    }

    /** One {@code Content-Type} value canonically; empty if malformed (also a list, or nothing at all). */
    public static Optional<String> canonicalContentType(String value) {
        Scanner in = new Scanner(value);
        in.skipWhitespace();
        Optional<String> type = mediaType(in, false);
        in.skipWhitespace();
        return in.atEnd() ? type : Optional.empty();
    }

    /** {@code type "/" subtype *( OWS ";" OWS [ parameter ] )}; a range may be {@code *}, {@code type/*}, {@code *}{@code /*}. */
    private static Optional<String> mediaType(Scanner in, boolean range) {
        String type = in.token();
        if (type == null) {
            return Optional.empty();
        }
        String subtype;
        if (in.take('/')) {
            subtype = in.token();
            if (subtype == null || range && type.equals("*") && !subtype.equals("*")) {
                return Optional.empty();
            }
        } else if (range && type.equals("*")) {
            subtype = "*";
        } else {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder(type).append('/').append(subtype);
        boolean weighted = false;
        while (true) {
            int mark = in.position();
            in.skipWhitespace();
            if (!in.take(';')) {
                in.reset(mark);
                return Optional.of(canonical.toString());
            }
            in.skipWhitespace();
            if (in.atEnd() || in.at(';') || in.at(',')) {
                continue; // an empty parameter
            }
            String name = in.token();
            if (name == null || !in.take('=')) {
                return Optional.empty();
            }
            boolean quoted = in.at('"');
            String parameterValue = quoted ? in.quotedContent() : in.token();
            if (parameterValue == null) {
                return Optional.empty();
            }
            name = name.toLowerCase(Locale.ROOT);
            if (range && name.equals("q")) {
                Optional<String> weight = quoted ? Optional.empty() : weight(parameterValue);
                if (weight.isEmpty()) {
                    return Optional.empty();
                }
                if (!weighted) {
                    canonical.append(";q=").append(weight.get());
                    weighted = true;
                }
            } else if (Scanner.isToken(parameterValue)) {
                canonical.append(';').append(name).append('=').append(parameterValue);
            }
            // else left out: RESTEasy splits Accept at every comma, quoted or not, and reads backslashes in its own
            // way, and no resource of the REST side reads a parameter
        }
    }

    /** A weight from 0 to 1 with at most three decimals ({@code 0.5}, {@code 1}, {@code .2}, {@code 1.}), plainly written. */
    private static Optional<String> weight(String value) {
        if (!WEIGHT.matcher(value).matches() || value.isEmpty() || value.equals(".")) {
            return Optional.empty();
        }
        BigDecimal weight = new BigDecimal(value.startsWith(".") ? "0" + value : value.endsWith(".") ? value + "0" : value);
        return weight.compareTo(BigDecimal.ONE) > 0 ? Optional.empty() : Optional.of(weight.stripTrailingZeros().toPlainString());
    }

    /** Reads a header value character by character. */
    private static final class Scanner {
        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        boolean at(char c) {
            return !atEnd() && text.charAt(at) == c;
        }

        boolean take(char c) {
            if (at(c)) {
                at++;
                return true;
            }
            return false;
        }

        int position() {
            return at;
        }

        void reset(int position) {
            at = position;
        }

        void skipWhitespace() {
            while (at(' ') || at('\t')) {
                at++;
            }
        }

        /** {@code 1*tchar}, or null. */
        String token() {
            int start = at;
            while (!atEnd() && isTokenChar(text.charAt(at))) {
                at++;
            }
            return at > start ? text.substring(start, at) : null;
        }

        /** What {@code DQUOTE *( qdtext / quoted-pair ) DQUOTE} quotes, its quoted pairs read; null if malformed. */
        String quotedContent() {
            StringBuilder content = new StringBuilder();
            at++;
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return content.toString();
                }
                if (c == '\\') {
                    if (atEnd() || !isQuotable(text.charAt(at))) {
                        return null;
                    }
                    c = text.charAt(at++);
                } else if (!isQuotable(c)) {
                    return null;
                }
                content.append(c);
            }
            return null;
        }

        static boolean isToken(String value) {
            return !value.isEmpty() && value.chars().allMatch(c -> isTokenChar((char) c));
        }

        private static boolean isTokenChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        /** HTAB, SP, VCHAR or obs-text. */
        private static boolean isQuotable(char c) {
            return c == '\t' || c >= ' ' && c != 0x7f && c <= 0xff;
        }
    }
}
