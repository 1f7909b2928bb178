package dev.jakartamcp.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on 127.0.0.1 with a random port whose answers the test controls. Under {@code /r/} it answers with
 * the redirects set by {@link #redirect}; {@link #hits()} only counts requests for {@code /jwks.json}.
 */
final class JwksServer implements AutoCloseable {

    enum Mode { SERVE, FAIL, HANG }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile String body = new JWKSet().toString();
    private volatile String cacheControl;
    private volatile Mode mode = Mode.SERVE;
    /** When set, each answer waits until it is opened. */
    private volatile java.util.concurrent.CountDownLatch gate;
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Integer> redirectStatus = new ConcurrentHashMap<>();
    private final AtomicInteger redirectHits = new AtomicInteger();
    /** How long each redirect takes to answer. */
    private volatile long redirectDelayMillis;

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", this::handle);
        server.createContext("/r/", this::handleRedirect);
        server.setExecutor(executor);
        server.start();
    }

    /** Publishes the public parts of the keys (private parts are kept out unless {@link #publishRaw} is used). */
    JwksServer publish(JWK... keys) {
        body = new JWKSet(List.of(keys)).toString(true);
        return this;
    }

    JwksServer publishRaw(String json) {
        body = json;
        return this;
    }

    JwksServer cacheControl(String value) {
        cacheControl = value;
        return this;
    }

    /** Makes answers wait until {@code opened} is counted down. */
    JwksServer hold(java.util.concurrent.CountDownLatch opened) {
        gate = opened;
        return this;
    }

    JwksServer mode(Mode newMode) {
        mode = newMode;
        return this;
    }

    URI uri() {
        return uri("/jwks.json");
    }

    /** {@code path} (starting with {@code /}) on this server, e.g. {@code uri("/r/1")}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Makes {@code /r/<name>} answer {@code status} with {@code Location: location} (taken as is, may be relative). */
    JwksServer redirect(String name, int status, String location) {
        redirects.put("/r/" + name, location);
        redirectStatus.put("/r/" + name, status);
        return this;
    }

    JwksServer redirect(String name, String location) {
        return redirect(name, 302, location);
    }

    /** Requests answered under {@code /r/}. */
    JwksServer redirectDelay(java.time.Duration delay) {
        redirectDelayMillis = delay.toMillis();
        return this;
    }

    int redirectHits() {
        return redirectHits.get();
    }

    int hits() {
        return hits.get();
    }

    /** Stops listening, so that fetches get "connection refused". */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handleRedirect(HttpExchange exchange) throws IOException {
        redirectHits.incrementAndGet();
        if (redirectDelayMillis > 0) {
            try {
                Thread.sleep(redirectDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String location = redirects.get(path);
            if (location == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(redirectStatus.get(path), -1);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        java.util.concurrent.CountDownLatch opened = gate;
        if (opened != null) {
            try {
                opened.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (exchange) {
            switch (mode) {
                case FAIL -> exchange.sendResponseHeaders(503, -1);
                case HANG -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case SERVE -> {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                    if (cacheControl != null) {
                        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                    }
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        }
    }
}
