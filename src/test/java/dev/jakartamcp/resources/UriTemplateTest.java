package dev.jakartamcp.resources;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UriTemplateTest {

    @Test
    void aSimpleVariableIsOneSegmentPercentDecoded() {
        UriTemplate search = new UriTemplate("docs://search/{query}");
        assertEquals(Optional.of(Map.of("query", "hello world")), search.match("docs://search/hello%20world"));
        assertEquals(Optional.of(Map.of("query", "a+b")), search.match("docs://search/a+b"), "no form decoding");
        assertEquals(Optional.of(Map.of("query", "Zürich/@")), search.match("docs://search/Z%C3%BCrich%2F%40"));
        assertEquals(Optional.of(Map.of("query", "Zürich")), search.match("docs://search/Zürich"));
        assertEquals(Optional.empty(), search.match("docs://search/a/b"), "one segment");
    }

    @Test
    void aValueThatIsNoWellFormedPercentEncodedUtf8MatchesNothing() {
        UriTemplate search = new UriTemplate("docs://search/{query}");
        assertEquals(Optional.empty(), search.match("docs://search/100%"));
        assertEquals(Optional.empty(), search.match("docs://search/%zz"));
        assertEquals(Optional.empty(), search.match("docs://search/%C3"), "a cut UTF-8 sequence");
        assertEquals(Optional.empty(), search.match("docs://search/%FF"));
    }

    @Test
    void aReservedVariableSpansSegmentsAsItStands() {
        UriTemplate file = new UriTemplate("file:///{+path}");
        assertEquals(Optional.of(Map.of("path", "a/b%20c.txt")), file.match("file:///a/b%20c.txt"));
    }

    @Test
    void unsupportedExpressionsAndRepeatedVariablesAreRefused() {
        for (String template : new String[] {"docs://search{?q}", "docs://x{/p}", "docs://{a,b}", "docs://{v*}", "docs://{v:3}",
                "docs://{", "docs://a}", "docs://{#f}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UriTemplate(template), template);
            assertTrue(e.getMessage().contains("only {name} and {+name}"), e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new UriTemplate("docs://{a}/{a}"));
        assertEquals("variable 'a' occurs twice in docs://{a}/{a}", twice.getMessage());
    }
}
