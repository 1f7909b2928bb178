package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the JAX-RS runtimes get from {@link RestHeadersFilter}, and what it answers itself. */
class RestHeadersFilterTest {

    private record Outcome(HttpServletRequest passedOn, FakeHttp.Response response) {
    }

    private static Outcome run(FakeHttp.Request request) throws Exception {
        request.method("GET");
        request.servletPath = "/mcp-admin";
        FakeHttp.Response response = new FakeHttp.Response();
        AtomicReference<HttpServletRequest> passedOn = new AtomicReference<>();
        new RestHeadersFilter().doFilter(request.build(), response.build(), (req, res) -> passedOn.set((HttpServletRequest) req));
        return new Outcome(passedOn.get(), response);
    }

    @Test
    void wellFormedHeadersArePassedOnCanonicallyAndAcceptLanguageNotAtAll() throws Exception {
        Outcome outcome = run(new FakeHttp.Request().header("accept", "application/json ; q=0.5").header("Accept", "*; q=.2")
                .header("Content-Type", "application/json; charset=utf-8").header("Accept-Language", "en-US;q=abc")
                .header("Authorization", "Bearer x"));
        HttpServletRequest request = outcome.passedOn();
        assertEquals("application/json;q=0.5, */*;q=0.2", request.getHeader("Accept"), "both lines, as one list");
        assertEquals(List.of("application/json;q=0.5, */*;q=0.2"), Collections.list(request.getHeaders("ACCEPT")));
        assertEquals("application/json;charset=utf-8", request.getContentType());
        assertEquals("application/json;charset=utf-8", request.getHeader("content-type"));
        assertNull(request.getHeader("Accept-Language"));
        assertEquals(List.of(), Collections.list(request.getHeaders("Accept-Language")));
        assertEquals(List.of("accept", "Content-Type", "Authorization"), Collections.list(request.getHeaderNames()));
        assertEquals("Bearer x", request.getHeader("Authorization"), "other headers untouched");
    }

    @Test
    void anEmptyAcceptIsNoAccept() throws Exception {
        HttpServletRequest request = run(new FakeHttp.Request().header("Accept", " , ")).passedOn();
        assertNull(request.getHeader("Accept"));
        assertEquals(List.of(), Collections.list(request.getHeaderNames()));
    }

    @Test
    void malformedHeadersAreA400NamingTheHeader() throws Exception {
        Outcome accept = run(new FakeHttp.Request().header("Accept", "application/json;q="));
        assertNull(accept.passedOn(), "never reaches the JAX-RS runtime");
        assertEquals(400, accept.response().status);
        assertEquals("application/json", accept.response().contentType);
        assertTrue(accept.response().text().contains("\"error\":\"invalid_request\""), accept.response()::text);
        assertTrue(accept.response().text().contains("the Accept header"), accept.response()::text);

        Outcome contentType = run(new FakeHttp.Request().header("Content-Type", "application/json, text/plain"));
        assertNull(contentType.passedOn());
        assertEquals(400, contentType.response().status);
        assertTrue(contentType.response().text().contains("the Content-Type header"), contentType.response()::text);

        Outcome twice = run(new FakeHttp.Request().header("Content-Type", "application/json").header("Content-Type", "application/json"));
        assertEquals(400, twice.response().status, "Content-Type is a single value");

        Outcome spanning = run(new FakeHttp.Request().header("Accept", "a/b;x=\"foo").header("Accept", "bar\""));
        assertNull(spanning.passedOn(), "each field line is read on its own: a quoted string never spans two");
        assertEquals(400, spanning.response().status);
    }
}
