package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host, Origin, header-count, Accept and Content-Type rules of the Streamable HTTP transport.
 *
 * <p><b>Host</b> (DNS rebinding): on every local address, the Host header must be exactly one well-formed
 * {@code host[:port]} whose host (port ignored, case-insensitive, IPv6 literals in brackets) is the host of
 * {@code mcp.resource}, one listed in {@code mcp.allowed-hosts} ({@code *} for any), or a loopback name
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) when the request arrived on a loopback address. A page whose
 * own name was rebound to this server's address sends its own name as Host, and is refused.
 *
 * <p><b>Origin</b>: a present Origin must be exactly one well-formed {@code scheme://host[:port]} (never
 * {@code null}) that is listed in {@code mcp.allowed-origins} ({@code *} for any well-formed origin), is the origin of
 * {@code mcp.resource}, or is the http or https origin of the Host header when that Host passes the rule above.
 */
@ApplicationScoped
public class HttpChecks {
    /** The headers that must not be repeated (besides Host and Origin, which the guards check); Mcp-Param-* too. */
    static final List<String> SINGLE_HEADERS = List.of("Mcp-Session-Id", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name",
            "Last-Event-ID", "Content-Type");
    private static final String PARAM_HEADER_PREFIX = "mcp-param-";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[0:0:0:0:0:0:0:1]");
    /** host [":" port]: a DNS name or IPv4 address, or an IPv6 literal in brackets. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?");
    /** scheme "://" host [":" port], nothing more (an origin has no path, query, fragment or userinfo). */
    private static final Pattern ORIGIN = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@\\s\\p{Cntrl}]+)");

    @Inject
    McpSettings settings;

    // ------------------------------------------------------------------------------------------------ Host

    /** Why the request's Host header is refused, or empty when it is accepted. */
    public Optional<String> hostProblem(HttpServletRequest request) {
        List<String> values = values(request, "Host");
        if (values.isEmpty()) {
            return Optional.of("Host header is required");
        }
        if (values.size() > 1) {
            return Optional.of("more than one Host header");
        }
        String host = values.get(0);
        Optional<HostPort> parsed = HostPort.parse(host);
        if (parsed.isEmpty()) {
            return Optional.of("Host " + quote(host) + " is malformed");
        }
        if (!isAllowedHostName(parsed.get().name(), request)) {
            return Optional.of("Host " + quote(host) + " is not allowed");
        }
        return Optional.empty();
    }

    private boolean isAllowedHostName(String name, HttpServletRequest request) {
        return isAllowedHostName(name, request, true);
    }

    /** {@code anyName}: whether an {@code mcp.allowed-hosts} entry {@code *} counts (it names no host in particular). */
    private boolean isAllowedHostName(String name, HttpServletRequest request, boolean anyName) {
        if (name.equals(resourceOrigin().name())) {
            return true;
        }
        for (String allowed : settings.allowedHosts()) {
            if (allowed.equals("*") ? anyName : HostPort.parse(bracketed(allowed)).map(h -> h.name().equals(name)).orElse(false)) {
                return true;
            }
        }
        return LOOPBACK_NAMES.contains(name) && isLoopbackServer(request);
    }

    /** An allowed-hosts entry may name an IPv6 address without brackets. */
    private static String bracketed(String entry) {
        return entry.indexOf(':') != entry.lastIndexOf(':') && !entry.startsWith("[") ? "[" + entry + "]" : entry;
    }

    /** A host and port as the Host header and origins carry them; the name lower-cased, an IPv6 literal normalized. */
    record HostPort(String name, int port) {
        static Optional<HostPort> parse(String value) {
            Matcher m = HOST.matcher(value);
            if (!m.matches()) {
                return Optional.empty();
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            int port = -1;
            if (m.group(2) != null) {
                port = Integer.parseInt(m.group(2));
                if (port > 65535) {
                    return Optional.empty();
                }
            }
            if (name.startsWith("[")) {
                try {
                    // bracketed, so InetAddress parses the literal and never asks DNS
                    InetAddress address = InetAddress.getByName(name);
                    if (!(address instanceof Inet6Address)) {
                        return Optional.empty();
                    }
                    name = "[" + address.getHostAddress() + "]";
                } catch (UnknownHostException e) {
                    return Optional.empty();
                }
            }
            return Optional.of(new HostPort(name, port));
        }

        int portOr(int defaultPort) {
            return port < 0 ? defaultPort : port;
        }
    }

    // ------------------------------------------------------------------------------------------------ Origin

    /** Why the request's Origin header is refused, or empty when there is none or it is accepted. */
    public Optional<String> originProblem(HttpServletRequest request) {
        List<String> values = values(request, "Origin");
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            return Optional.of("more than one Origin header");
        }
        String origin = values.get(0);
        if (isAllowedOrigin(origin, request)) {
            return Optional.empty();
        }
        return Optional.of("Origin " + quote(origin) + " is not allowed");
    }

    /** The Origin rule of this class for one Origin value (CorsFilter asks it too). */
    public boolean isAllowedOrigin(String origin, HttpServletRequest request) {
        if (origin == null) {
            return false;
        }
        Matcher m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return false; // "null", a path, userinfo, whitespace or control characters
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        for (String allowed : settings.allowedOrigins()) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(origin) || isSameOrigin(allowed, scheme, m.group(2))) {
                return true;
            }
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        Optional<HostPort> parsed = HostPort.parse(m.group(2));
        if (parsed.isEmpty()) {
            return false;
        }
        HostPort o = parsed.get();
        int port = o.portOr(defaultPort(scheme));
        Origin resource = resourceOrigin();
        if (scheme.equals(resource.scheme()) && o.name().equals(resource.name()) && port == resource.port()) {
            return true;
        }
        // same origin: the page was served by this server under the (validated) name in the Host header; a name
        // accepted only by mcp.allowed-hosts=* is no such proof: a page of any name that rebinds it to this server's
        // address sends its own name as both Host and Origin
        List<String> hosts = values(request, "Host");
        if (hosts.size() != 1 || hostProblem(request).isPresent()) {
            return false;
        }
        return HostPort.parse(hosts.get(0)).map(h -> h.name().equals(o.name()) && h.portOr(defaultPort(scheme)) == port
                && isAllowedHostName(h.name(), request, false)).orElse(false);
    }

    private record Origin(String scheme, String name, int port) {
    }

    /**
     * Whether the entry {@code allowed} names the origin of {@code scheme} and {@code hostPort} written another way: the
     * scheme's default port written out ({@code https://app.example.com:443}, which a browser leaves out), an IPv6
     * literal not in the browser's short form.
     */
    private static boolean isSameOrigin(String allowed, String scheme, String hostPort) {
        Matcher a = ORIGIN.matcher(allowed);
        if (!a.matches() || !a.group(1).equalsIgnoreCase(scheme) || !(scheme.equals("http") || scheme.equals("https"))) {
            return false;
        }
        Optional<HostPort> entry = HostPort.parse(a.group(2));
        Optional<HostPort> sent = HostPort.parse(hostPort);
        return entry.isPresent() && sent.isPresent() && entry.get().name().equals(sent.get().name())
                && entry.get().portOr(defaultPort(scheme)) == sent.get().portOr(defaultPort(scheme));
    }

    /**
     * The origin of {@code mcp.resource} as the application read it when it started. The setting is not live: the
     * audience tokens must carry and the protected resource metadata keep the value read at startup, so the Host and
     * Origin rules keep it too (a value changed while running would let them disagree, and a malformed one would fail
     * every request).
     */
    private Origin resourceOrigin() {
        Origin known = startupOrigin;
        if (known != null) {
            return known;
        }
        URI uri = URI.create(settings.resource());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String name = HostPort.parse(uri.getHost()).map(HostPort::name).orElse(uri.getHost().toLowerCase(Locale.ROOT));
        Origin origin = new Origin(scheme, name, uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort());
        startupOrigin = origin;
        return origin;
    }

    private volatile Origin startupOrigin;

    /** Reads {@code mcp.resource} while the application starts (after the startup check), not at the first request. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        resourceOrigin();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    static boolean isLoopbackServer(HttpServletRequest request) {
        String local = request.getLocalAddr();
        if (local == null || local.isEmpty()) {
            return false;
        }
        try {
            // an IP literal (bracketed when IPv6), so this never asks DNS
            return InetAddress.getByName(local.indexOf(':') >= 0 && !local.startsWith("[") ? "[" + local + "]" : local).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ header counts

    /**
     * The first header that occurs more than once among those the transport reads one value of
     * ({@link #SINGLE_HEADERS} and every {@code Mcp-Param-*}), or empty. Field lines are counted, never split at
     * commas: a comma is legitimate inside one value (a resource URI in {@code Mcp-Name}, a parameter value), and a
     * value an intermediary joined from several lines is then one value that must match the body like any other.
     */
    public static Optional<String> repeatedHeader(HttpServletRequest request) {
        // a 2026-07-28 request ignores a session id and a Last-Event-ID (streamable-http, Earlier Revisions): repeated,
        // they are not its problem, and a plain 400 would send a dual-era client back to initialize
        List<String> versions = values(request, "MCP-Protocol-Version");
        boolean modern = versions.size() == 1 && dev.jakartamcp.protocol.ProtocolRevision.namesModern(versions.get(0).strip());
        for (String name : SINGLE_HEADERS) {
            if (modern && (name.equals("Mcp-Session-Id") || name.equals("Last-Event-ID"))) {
                continue;
            }
            if (values(request, name).size() > 1) {
                return Optional.of(name);
            }
        }
        Enumeration<String> names = request.getHeaderNames();
        if (names != null) {
            while (names.hasMoreElements()) {
                String name = names.nextElement();
                if (name.toLowerCase(Locale.ROOT).startsWith(PARAM_HEADER_PREFIX) && values(request, name).size() > 1) {
                    // containers may report names lower-cased; the prefix is spelled as the specification does
                    return Optional.of("Mcp-Param-" + sanitize(name.substring(PARAM_HEADER_PREFIX.length())));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code name} is a header whose malformed value 2026-07-28 answers with HeaderMismatch: the protocol version,
     * and those a request mirrors its body into (Mcp-Method, Mcp-Name, Mcp-Param-*).
     */
    public static boolean isValidatedHeader(String name) {
        return name.equalsIgnoreCase("MCP-Protocol-Version") || name.equalsIgnoreCase("Mcp-Method") || name.equalsIgnoreCase("Mcp-Name")
                || name.toLowerCase(Locale.ROOT).startsWith(PARAM_HEADER_PREFIX);
    }

    /** Every field line of a header, in order (header names are case-insensitive). */
    static List<String> values(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        List<String> all = new ArrayList<>(1);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }

    private static String quote(String value) {
        return "'" + sanitize(value) + "'";
    }

    public static boolean hasJsonContentType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String mime = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json");
    }

    /**
     * Why the body's {@code Content-Encoding} is refused (any coding but {@code identity}), if it is. The server reads
     * the bytes as they come: a gzip body would be reported as malformed UTF-8, and a plain one labelled gzip would
     * run here while an intermediary that decodes it sees another request.
     */
    public static Optional<String> contentEncodingProblem(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders("Content-Encoding");
        while (values != null && values.hasMoreElements()) {
            for (String coding : values.nextElement().split(",")) {
                String name = coding.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
                    return Optional.of("Content-Encoding " + quote(name) + " is not accepted; send the body without a content coding");
                }
            }
        }
        return Optional.empty();
    }

    /** What the Accept header allows: a JSON body, an SSE stream, or both. */
    public record Acceptance(boolean json, boolean sse) {
        public boolean none() {
            return !json && !sse;
        }
    }

    /**
     * What the request's Accept lines (all of them, RFC 9110 §5.3) allow. For each of the two types the most specific
     * range that matches it decides (RFC 9110 §12.5.1: {@code text/event-stream;q=0} refuses the stream even after
     * {@code *}{@code /*}); a weight of zero ({@code q=0}, {@code Q=0.000}) refuses. No Accept at all is a JSON answer.
     */
    public static Acceptance acceptance(HttpServletRequest request) {
        List<String> lines = values(request, "Accept");
        if (lines.stream().allMatch(String::isBlank)) {
            return new Acceptance(true, false);
        }
        MediaRangeMatch json = new MediaRangeMatch("application", "json");
        MediaRangeMatch sse = new MediaRangeMatch("text", "event-stream");
        int ranges = 0;
        for (String line : lines) {
            for (String range : line.split(",")) {
                if (++ranges > MAX_ACCEPT_RANGES) {
                    break;
                }
                String[] pieces = range.split(";");
                String mime = pieces[0].trim().toLowerCase(Locale.ROOT);
                boolean refused = false;
                for (int i = 1; i < pieces.length; i++) {
                    String[] parameter = pieces[i].split("=", 2);
                    if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("q")) {
                        refused = ZERO_WEIGHT.matcher(parameter[1].trim()).matches();
                    }
                }
                json.offer(mime, refused);
                sse.offer(mime, refused);
            }
        }
        return new Acceptance(json.accepted(), sse.accepted());
    }

    /** More ranges than any client sends are not looked at: a header of thousands is no reason to spend time on it. */
    private static final int MAX_ACCEPT_RANGES = 64;
    /** A qvalue of zero: "0" [ "." 0*3("0") ] (RFC 9110 §12.4.2). */
    private static final Pattern ZERO_WEIGHT = Pattern.compile("0(\\.0{0,3})?");

    /** The most specific media range of an Accept header that matches one type, and whether it refuses it. */
    private static final class MediaRangeMatch {
        private final String exact;
        private final String anySubtype;
        private int specificity = -1;
        private boolean refused;

        MediaRangeMatch(String type, String subtype) {
            this.exact = type + "/" + subtype;
            this.anySubtype = type + "/*";
        }

        void offer(String range, boolean zeroWeight) {
            int level = range.equals(exact) ? 2 : range.equals(anySubtype) ? 1 : range.equals("*/*") ? 0 : -1;
            if (level > specificity) {
                specificity = level;
                refused = zeroWeight;
            } else if (level >= 0 && level == specificity) {
                refused &= zeroWeight; // the same range twice: accepted if either accepts it
            }
        }

        boolean accepted() {
            return specificity >= 0 && !refused;
        }
    }

    static String sanitize(String value) {
        return Texts.cut(value, 200).replaceAll("[\\p{Cntrl}\"]", "?");
    }
}
