package dev.jakartamcp.it.auditstall;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Test fixture: {@code POST /it-audit-release} lets {@link AuditStallFixture}'s observer go on. */
@WebServlet("/it-audit-release")
public class AuditReleaseServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        AuditStallFixture.RELEASE.countDown();
        response.setStatus(204);
    }
}
