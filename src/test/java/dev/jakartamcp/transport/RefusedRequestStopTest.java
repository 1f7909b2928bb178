package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class RefusedRequestStopTest {

    /** Liberty runs the chain after the authentication module's 401 on a path without a constraint: it ends here. */
    @Test
    void aRequestTheAuthenticationModuleAnsweredEndsHere() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().method("GET").header("Accept", "]junk");
        FakeHttp.Response response = new FakeHttp.Response();
        response.status = 401;
        response.committed = true;
        AtomicReference<HttpServletRequest> passedOn = new AtomicReference<>();
        new RefusedRequestStop().doFilter(request.build(), response.build(), (req, res) -> passedOn.set((HttpServletRequest) req));
        assertNull(passedOn.get(), "neither a filter nor a servlet or resource behind it runs, nor answers again");
        assertEquals(401, response.status);
        assertEquals("", response.text());
    }

    @Test
    void anyOtherRequestGoesOn() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().method("GET");
        AtomicReference<HttpServletRequest> passedOn = new AtomicReference<>();
        new RefusedRequestStop().doFilter(request.build(), new FakeHttp.Response().build(), (req, res) -> passedOn.set((HttpServletRequest) req));
        assertNotNull(passedOn.get());
    }
}
