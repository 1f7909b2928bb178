package dev.jakartamcp.protocol;

/**
 * RFC 3986 syntax-based normalization (§6.2.2) of the URIs a client reads, subscribes to or completes: URIs that
 * differ only in it name the same resource, so they must reach the same item and its access rules. Without it,
 * {@code config://%61dmin} or {@code file:///etc/./secret} missed a restricted resource registered as
 * {@code config://admin} or {@code file:///etc/secret} and matched a public template instead, whose method was handed
 * the very values the restricted URI would have given it.
 */
public final class ResourceUris {
    private ResourceUris() {
    }

    /**
     * {@code uri} with its scheme in lower case, each {@code %XX} of an unreserved character (letters,
     * digits, {@code -._~}) decoded, the hex digits of the other triplets in upper case (§6.2.2.1–2), and the
     * {@code .} and {@code ..} segments of a hierarchical path removed (§6.2.2.3, §5.2.4); an invalid triplet stays as
     * it is (matching refuses it later).
     */
    public static String normalized(String uri) {
        String text = uri.indexOf('%') < 0 ? uri : percentNormalized(uri);
        text = schemeInLowerCase(text);
        return text.indexOf('.') < 0 ? text : withoutDotSegments(text);
    }

    /**
     * §6.2.2.1: the scheme is case-insensitive. The host is too, for the schemes RFC 3986 has in mind, but the custom
     * schemes of resources carry identifiers there ({@code notes://{noteId}}), which lower case would change: it is
     * compared as written.
     */
    private static String schemeInLowerCase(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !isScheme(uri, colon)) {
            return uri;
        }
        for (int i = 0; i < colon; i++) {
            char c = uri.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT) + uri.substring(colon);
            }
        }
        return uri;
    }

    /** RFC 3986 §3.1: a letter, then letters, digits, '+', '-' or '.'. */
    private static boolean isScheme(String uri, int colon) {
        char first = uri.charAt(0);
        if (!(first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z')) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static String percentNormalized(String uri) {
        StringBuilder b = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            int high = c == '%' && i + 2 < uri.length() ? hex(uri.charAt(i + 1)) : -1;
            int low = high < 0 ? -1 : hex(uri.charAt(i + 2));
            if (low < 0) {
                b.append(c);
                continue;
            }
            char decoded = (char) (high * 16 + low);
            if (unreserved(decoded)) {
                b.append(decoded);
            } else {
                b.append('%').append(Character.toUpperCase(uri.charAt(i + 1))).append(Character.toUpperCase(uri.charAt(i + 2)));
            }
            i += 2;
        }
        return b.toString();
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static boolean unreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The path of a hierarchical URI ({@code scheme:/…} or {@code scheme://authority/…}) without its dot segments. */
    private static String withoutDotSegments(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0 || colon + 1 >= uri.length() || uri.charAt(colon + 1) != '/') {
            return uri; // no scheme, or an opaque URI (urn:…, mailto:…): its text has no segments
        }
        int pathStart = colon + 1;
        if (uri.startsWith("//", pathStart)) {
            int slash = uri.indexOf('/', pathStart + 2);
            int other = firstOf(uri, pathStart + 2);
            if (slash < 0 || slash > other) {
                return uri; // an authority and no path before the query or fragment
            }
            pathStart = slash;
        }
        int pathEnd = firstOf(uri, pathStart);
        String path = uri.substring(pathStart, pathEnd);
        if (!path.contains("/.")) {
            return uri;
        }
        return uri.substring(0, pathStart) + removeDotSegments(path) + uri.substring(pathEnd);
    }

    /** Where the query or fragment begins at or after {@code from}, else the end. */
    private static int firstOf(String uri, int from) {
        for (int i = from; i < uri.length(); i++) {
            if (uri.charAt(i) == '?' || uri.charAt(i) == '#') {
                return i;
            }
        }
        return uri.length();
    }

    /** RFC 3986 §5.2.4 for an absolute path (it begins with '/'). */
    static String removeDotSegments(String path) {
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !kept.isEmpty()) {
                    kept.removeLast();
                }
                if (last) {
                    kept.addLast(""); // "/a/b/.." is "/a/", not "/a"
                }
            } else {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
