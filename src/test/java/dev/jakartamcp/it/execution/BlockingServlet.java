package dev.jakartamcp.it.execution;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Test fixture of ExecutionModelIT: holds the container's HTTP thread for {@code ?ms=} milliseconds (5 s at most), so
 * that the test can show how many HTTP threads the server has.
 */
@WebServlet("/it-block")
public class BlockingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long millis = Math.min(5000, Math.max(0, Long.parseLong(request.getParameter("ms"))));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        response.setContentType("text/plain");
        response.getWriter().write("held " + millis + " ms");
    }
}
