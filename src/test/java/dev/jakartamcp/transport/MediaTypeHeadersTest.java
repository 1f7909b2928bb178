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
        assertEquals(Optional.of("application/json;charset=\"utf-8\""), MediaTypeHeaders.canonicalAccept("application/json;charset=\"utf-8\""));
        assertEquals(Optional.of("a/b;x=\"q\\\"uoted, with comma\""), MediaTypeHeaders.canonicalAccept("a/b;x=\"q\\\"uoted, with comma\""));
        assertEquals(Optional.of("*/*, application/*;q=0.1"), MediaTypeHeaders.canonicalAccept("*/*, application/*;Q=0.100"));
        assertEquals(Optional.of(""), MediaTypeHeaders.canonicalAccept(" , "), "a list of nothing: as no Accept at all");
    }

    @Test
    void javasDefaultAcceptIsServed() {
        assertEquals(Optional.of("text/html, image/gif, image/jpeg, */*;q=0.2, */*;q=0.2"),
                MediaTypeHeaders.canonicalAccept("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"),
                "HttpURLConnection's default: a bare * and a weight without its leading digit");
    }

    @Test
    void weightsAreZeroToOneWithAtMostThreeDecimalsAndTheFirstCounts() {
        for (String weight : List.of("0", "0.", "0.5", "0.123", "1", "1.", "1.000", ".5")) {
            assertEquals(1, MediaTypeHeaders.canonicalAccept("a/b;q=" + weight).map(v -> 1).orElse(0), weight);
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
        assertEquals(Optional.of("application/json"), MediaTypeHeaders.canonicalContentType("application/json;"));
        assertEquals(Optional.of("a/b;q=abc"), MediaTypeHeaders.canonicalContentType("a/b;q=abc"), "q is an ordinary parameter here");
        for (String value : List.of("", " ", "*", "application/json, text/plain", "application/json;charset", "text/plain;charset=\"x")) {
            assertEquals(Optional.empty(), MediaTypeHeaders.canonicalContentType(value), value);
        }
    }
}
