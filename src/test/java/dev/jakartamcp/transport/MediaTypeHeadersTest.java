package dev.jakartamcp.transport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one grammar for Accept and Content-Type on the REST side, and the canonical form the JAX-RS runtimes get. */
class MediaTypeHeadersTest {

    @Test
    void wellFormedAcceptValuesAreWrittenCanonically() {
        assertEquals(Optional.of("application/json"), MediaTypeHeaders.canonicalAccept("application/json"));
        assertEquals(Optional.of("application/json;q=0.5, text/plain"),
                MediaTypeHeaders.canonicalAccept("application/json ; q=0.5 ,text/plain"), "optional whitespace, RFC 9110 5.6.3");
        assertEquals(Optional.of("application/json, text/plain"), MediaTypeHeaders.canonicalAccept("application/json,,, ,text/plain"),
                "empty list elements are allowed and dropped (RFC 9110 5.6.1)");
        assertEquals(Optional.of("text/html;level=1"), MediaTypeHeaders.canonicalAccept("text/html;;level=1;"), "empty parameters too");
        assertEquals(Optional.of("application/json;charset=utf-8"), MediaTypeHeaders.canonicalAccept("application/json;Charset=\"utf-8\""),
                "a quoted token is written as the token, a parameter's name in lower case");
        assertEquals(Optional.of("a/b;y=1"), MediaTypeHeaders.canonicalAccept("a/b;x=\"q\\\"uoted, with comma\";y=\"\\1\""),
                "a quoted value that is no token is left out: RESTEasy would split it at its comma");
        assertEquals(Optional.of("a/b, c/d"), MediaTypeHeaders.canonicalAccept("a/b;x=\"\u00e9t\u00e9\"\t,\tc/d"), "obs-text, tabs");
        assertEquals(Optional.of("*/*, application/*;q=0.1"), MediaTypeHeaders.canonicalAccept("*/*, application/*;Q=0.100"));
        assertEquals(Optional.of(""), MediaTypeHeaders.canonicalAccept(" , "), "a list of nothing: as no Accept at all");
    }

    @Test
    void whatCommonClientsSendIsServed() {
        String prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assertEquals(Optional.of("application/openmetrics-text;version=1.0.0, application/openmetrics-text;version=0.0.1;q=0.75, "
                + "text/plain;version=0.0.4;q=0.5, */*;q=0.1"), MediaTypeHeaders.canonicalAccept(prometheus));
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
        assertEquals(Optional.of(browser.replace(",", ", ")), MediaTypeHeaders.canonicalAccept(browser));
        assertEquals(Optional.of("*/*"), MediaTypeHeaders.canonicalAccept("*/*"), "curl");
        assertEquals(Optional.of("application/json, text/event-stream"), MediaTypeHeaders.canonicalAccept("application/json, text/event-stream"));
    }

    @Test
    void javasDefaultAcceptIsServed() {
        assertEquals(Optional.of("text/html, image/gif, image/jpeg, */*;q=0.2, */*;q=0.2"),
                MediaTypeHeaders.canonicalAccept("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"),
                "HttpURLConnection's default: a bare * and a weight without its leading digit");
    }

    @Test
    void weightsAreZeroToOneWithAtMostThreeDecimalsAndTheFirstCounts() {
        List<String> weights = List.of("0", "0.", "0.5", "0.120", "1", "1.", "1.000", ".5");
        List<String> canonical = List.of("0", "0", "0.5", "0.12", "1", "1", "1", "0.5");
        for (int i = 0; i < weights.size(); i++) {
            assertEquals(Optional.of("a/b;q=" + canonical.get(i)), MediaTypeHeaders.canonicalAccept("a/b;q=" + weights.get(i)), weights.get(i));
        }
        for (String weight : List.of("", ".", "abc", "1.5", "-1", "2", "0.0001", "1.001", "\"0.5\"", "0,5")) {
            assertEquals(Optional.empty(), MediaTypeHeaders.canonicalAccept("a/b;q=" + weight), weight);
        }
        assertEquals(Optional.of("a/b;q=0.5"), MediaTypeHeaders.canonicalAccept("a/b;q=0.5;q=0.7"));
    }

    @Test
    void malformedAcceptValuesAreRefused() {
        for (String value : List.of("]Fpjl?^^eDzq{t-yPAGM8@BzHD6]X9", "(dO[r'x4W\"#:Nx*o+V~S", "application/json;charset", "appli cation/json",
                "a/b/c", "*/json", "application", "application/", "/json", "a/b;x=\"unterminated", "a/b;x=\"bad\u0001\"", "a/b;=v",
                "a/b;x=", "a/b;x y=1", "a/b c/d", "a/b\u00e9", "text/html;;;,;")) {
            assertEquals(Optional.empty(), MediaTypeHeaders.canonicalAccept(value), value);
        }
    }

    @Test
    void aContentTypeIsOneMediaTypeWithoutWeightRules() {
        assertEquals(Optional.of("application/json;charset=utf-8"), MediaTypeHeaders.canonicalContentType(" application/json; charset=utf-8 "));
        assertEquals(Optional.of("application/json;charset=utf-8"), MediaTypeHeaders.canonicalContentType("application/json;CHARSET=\"utf-8\""));
        assertEquals(Optional.of("application/json"), MediaTypeHeaders.canonicalContentType("application/json;"));
        assertEquals(Optional.of("a/b;q=abc"), MediaTypeHeaders.canonicalContentType("a/b;q=abc"), "q is an ordinary parameter here");
        for (String value : List.of("", " ", "*", "application/json, text/plain", "application/json;charset", "text/plain;charset=\"x")) {
            assertEquals(Optional.empty(), MediaTypeHeaders.canonicalContentType(value), value);
        }
    }
}
