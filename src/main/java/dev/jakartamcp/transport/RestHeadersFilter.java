package dev.jakartamcp.transport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * In front of the WAR's two JAX-RS applications (the protected resource metadata and the operations API; mapped in
 * {@code web.xml} after {@link CorsFilter}): a malformed {@code Accept} or {@code Content-Type} is answered here, 400
 * with the REST side's JSON error naming the header, and a well-formed one is handed on in the canonical form of
 * {@link MediaTypeHeaders}, so that Jersey and RESTEasy read the same thing. {@code Accept-Language} is not handed on:
 * no resource there negotiates a language, and RESTEasy alone refused some values with a 400.
 * A request the authentication module refused does not reach it ({@link RefusedRequestStop}).
 */
public class RestHeadersFilter extends HttpFilter {
    static final String ACCEPT = "Accept";
    static final String CONTENT_TYPE = "Content-Type";
    static final String ACCEPT_LANGUAGE = "Accept-Language";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = null;
        List<String> accepts = HttpChecks.values(request, ACCEPT);
        if (!accepts.isEmpty()) {
            List<String> ranges = new ArrayList<>();
            for (String line : accepts) {
                Optional<String> ofLine = MediaTypeHeaders.canonicalAccept(line);
                if (ofLine.isEmpty()) {
                    refuse(response, "the Accept header is no list of media ranges (RFC 9110, section 12.5.1)");
                    return;
                }
                if (!ofLine.get().isEmpty()) {
                    ranges.add(ofLine.get());
                }
            }
            accept = ranges.isEmpty() ? null : String.join(", ", ranges);
        }
        String contentType = null;
        List<String> contentTypes = HttpChecks.values(request, CONTENT_TYPE);
        if (!contentTypes.isEmpty()) {
            Optional<String> single = contentTypes.size() == 1 ? MediaTypeHeaders.canonicalContentType(contentTypes.get(0))
                    : Optional.empty();
            if (single.isEmpty()) {
                refuse(response, "the Content-Type header is no single media type (RFC 9110, section 8.3)");
                return;
            }
            contentType = single.get();
        }
        chain.doFilter(new CanonicalHeaders(request, accept, contentType), response);
    }

    private static void refuse(HttpServletResponse response, String description) throws IOException {
        byte[] body = JsonHttpErrors.body(400, description).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(400);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The request with its Accept and Content-Type canonical (null: none; an Accept of nothing is none) and no
     * Accept-Language. The character encoding and parameters still come from the original Content-Type: no resource of
     * the REST side reads a body.
     */
    static final class CanonicalHeaders extends HttpServletRequestWrapper {
        private final String accept;
        private final String contentType;

        CanonicalHeaders(HttpServletRequest request, String accept, String contentType) {
            super(request);
            this.accept = accept;
            this.contentType = contentType;
        }

        private boolean replaced(String name) {
            return name.equalsIgnoreCase(ACCEPT) || name.equalsIgnoreCase(CONTENT_TYPE) || name.equalsIgnoreCase(ACCEPT_LANGUAGE);
        }

        /** The value of a replaced header; Accept-Language has none. */
        private String value(String name) {
            return name.equalsIgnoreCase(ACCEPT) ? accept : name.equalsIgnoreCase(CONTENT_TYPE) ? contentType : null;
        }

        @Override
        public String getHeader(String name) {
            return replaced(name) ? value(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!replaced(name)) {
                return super.getHeaders(name);
            }
            String value = value(name);
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }

        /** Each name once, whatever case the container lists it in (a runtime would read a header twice otherwise). */
        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            List<String> ordered = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e != null && e.hasMoreElements(); ) {
                String name = e.nextElement();
                if ((!replaced(name) || value(name) != null) && names.add(name)) {
                    ordered.add(name);
                }
            }
            return Collections.enumeration(ordered);
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public Locale getLocale() {
            return Locale.getDefault();
        }

        @Override
        public Enumeration<Locale> getLocales() {
            return Collections.enumeration(List.of(Locale.getDefault()));
        }
    }
}
