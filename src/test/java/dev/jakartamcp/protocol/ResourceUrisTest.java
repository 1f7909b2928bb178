package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** RFC 3986 §6.2.2's syntax-based normalization as resource URIs are matched and subscribed to. */
class ResourceUrisTest {

    @Test
    void percentEncodingIsNormalized() {
        assertEquals("config://admin", ResourceUris.normalized("config://%61dmin"), "an unreserved character decoded");
        assertEquals("x://h/a%2Fb?q=%C3%A9#f", ResourceUris.normalized("x://h/a%2fb?q=%c3%a9#f"), "other triplets' hex in upper case");
        assertEquals("x://h/100%", ResourceUris.normalized("x://h/100%"), "an invalid triplet stays");
    }

    @Test
    void dotSegmentsOfAHierarchicalPathAreRemoved() {
        assertEquals("file:///etc/secret", ResourceUris.normalized("file:///etc/./secret"));
        assertEquals("file:///etc/secret", ResourceUris.normalized("file:///etc/%2E/secret"), "a dot percent-encoded too");
        assertEquals("x://h/g?x=/../y", ResourceUris.normalized("x://h/a/b/../../g?x=/../y"), "the query keeps its dots");
        assertEquals("urn:a/../b", ResourceUris.normalized("urn:a/../b"), "an opaque URI has no segments");
        assertEquals("/a/g", ResourceUris.removeDotSegments("/a/b/c/./../../g"), "RFC 3986 §5.2.4's example");
        assertEquals("/a/", ResourceUris.removeDotSegments("/a/b/.."));
        assertEquals("/", ResourceUris.removeDotSegments("/.."));
    }

    @Test
    void theSchemeIsInLowerCaseTheHostAsWritten() {
        assertEquals("config://admin", ResourceUris.normalized("CONFIG://admin"));
        // custom schemes carry identifiers where a host would be: notes://{noteId}
        assertEquals("notes://aBc123/x", ResourceUris.normalized("Notes://aBc123/x"));
    }

    @Test
    void aUriInNormalFormIsReturnedAsItIs() {
        String uri = "repo://acme/widgets/src/Main.java";
        assertSame(uri, ResourceUris.normalized(uri));
    }
}
