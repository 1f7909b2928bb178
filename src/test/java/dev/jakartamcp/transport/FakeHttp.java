package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Hand-written servlet request/response stand-ins (java.lang.reflect.Proxy) and settings for the transport's unit tests. */
final class FakeHttp {
    private FakeHttp() {
    }

    /** Settings from a map, as MicroProfile Config would give them (no config implementation needed). */
    /** Deadlines of calls that are watched but never swept (the tests that need a sweep make their own). */
    static CallDeadlines deadlines(McpSettings settings) {
        CallDeadlines deadlines = new CallDeadlines();
        deadlines.settings = settings;
        deadlines.timers = new StreamTimers() {
            @Override
            java.util.concurrent.ScheduledFuture<?> every(String purpose, long millis, Runnable task) {
                return null;
            }

            @Override
            void offTimer(Runnable task) {
                task.run(); // the tests that sweep look at once
            }
        };
        deadlines.timers.settings = settings;
        deadlines.observations = new dev.jakartamcp.ops.Observations();
        return deadlines;
    }

    static McpSettings settings(Map<String, String> values) {
        return new McpSettings() {
            @Override
            public Optional<String> string(String key) {
                return Optional.ofNullable(values.get(key)).map(String::trim).filter(s -> !s.isEmpty());
            }
        };
    }

    /** A request: header lines in order (a name may repeat), the local address it arrived on, and a body. */
    static final class Request {
        String method = "POST";
        String servletPath = "/mcp";
        String localAddr = "127.0.0.1";
        final List<String[]> headers = new ArrayList<>();
        byte[] body = new byte[0];
        /** The Content-Length the request declares: the body's length unless set (-1: chunked, none declared). */
        Long declaredLength;
        /** Thrown by a read once the body is read, and again by close(), the very instance, as Liberty's stream does. */
        IOException readFailure;
        /** Runs before each read of the body (a client sending its body slowly); null: the body is all there. */
        Runnable beforeEachRead;
        int bytesPerRead = Integer.MAX_VALUE;
        boolean asyncStarted;
        AsyncContext async;
        /** The listeners added to the async context, so that a test can end it as the container would. */
        final List<jakarta.servlet.AsyncListener> asyncListeners = new ArrayList<>();
        final Map<String, Object> attributes = new LinkedHashMap<>(
                Map.of(dev.jakartamcp.protocol.Caller.REQUEST_ATTRIBUTE, dev.jakartamcp.protocol.Caller.anonymous("127.0.0.1")));
        String requestUri = "/mcp";
        String pathInfo;
        Response response;

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Request local(String address) {
            localAddr = address;
            return this;
        }

        Request method(String m) {
            method = m;
            return this;
        }

        Request declaredLength(long length) {
            declaredLength = length;
            return this;
        }

        Request body(String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The body comes {@code bytes} at a time, {@code pause} run before each read. */
        Request trickling(int bytes, Runnable pause) {
            bytesPerRead = bytes;
            beforeEachRead = pause;
            return this;
        }

        Request failingAfterTheBody(IOException failure) {
            readFailure = failure;
            return this;
        }

        List<String> values(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
        }

        HttpServletRequest build() {
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getServletPath" -> servletPath;
                        case "getLocalAddr" -> localAddr;
                        case "getHeader" -> values((String) args[0]).stream().findFirst().orElse(null);
                        case "getHeaders" -> Collections.enumeration(values((String) args[0]));
                        case "getHeaderNames" -> {
                            LinkedHashSet<String> names = new LinkedHashSet<>();
                            TreeMap<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                            for (String[] h : headers) {
                                if (seen.putIfAbsent(h[0], h[0]) == null) {
                                    names.add(h[0]);
                                }
                            }
                            yield Collections.enumeration(names);
                        }
                        case "getContentType" -> values("Content-Type").stream().findFirst().orElse(null);
                        case "getContentLengthLong" -> declaredLength != null ? declaredLength : (long) body.length;
                        case "getInputStream" -> input(body, readFailure, bytesPerRead, beforeEachRead);
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> {
                            attributes.put((String) args[0], args[1]);
                            yield null;
                        }
                        case "getAttributeNames" -> Collections.enumeration(List.copyOf(attributes.keySet()));
                        case "startAsync" -> {
                            asyncStarted = true;
                            async = asyncContext(this);
                            yield async;
                        }
                        case "isAsyncStarted" -> asyncStarted;
                        case "getAsyncContext" -> {
                            if (!asyncStarted) {
                                throw new IllegalStateException("no async context");
                            }
                            yield async;
                        }
                        case "getContextPath" -> "";
                        case "getRequestURI" -> requestUri;
                        case "getPathInfo" -> pathInfo;
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getRemotePort" -> 52814;
                        case "getHttpServletMapping" -> null;
                        case "getProtocol" -> "HTTP/1.1";
                        case "toString" -> "FakeHttp.Request";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("request." + m.getName());
                    });
        }
    }

    /**
     * The servlet returned to the container: a request not in async mode ends with it (counted as one completion),
     * as the container ends an ordinary response; one in async mode ends only when its async context completes.
     */
    static void containerReturned(Request request) {
        if (!request.asyncStarted && request.response != null) {
            request.response.completed++;
        }
    }

    /** A connection whose request is in async mode already (a stream's), and the sink that writes its response. */
    static final class Connection {
        final Request request = new Request();
        final Response response = new Response();
        final HttpSink sink;

        Connection() {
            request.response = response;
            sink = new HttpSink(asyncContext(request), response.build());
        }
    }

    static AsyncContext asyncContext(Request request) {
        return (AsyncContext) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {AsyncContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "setTimeout" -> null;
                    case "getRequest", "getResponse" -> null;
                    case "addListener" -> {
                        request.asyncListeners.add((jakarta.servlet.AsyncListener) args[0]);
                        yield null;
                    }
                    case "complete" -> {
                        if (request.response != null) {
                            request.response.completed++;
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException("async." + m.getName());
                });
    }

    private static ServletInputStream input(byte[] body, IOException failure, int bytesPerRead, Runnable beforeEachRead) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                if (beforeEachRead != null) {
                    beforeEachRead.run();
                }
                int read = in.read();
                if (read < 0 && failure != null) {
                    throw failure;
                }
                return read;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (beforeEachRead != null) {
                    beforeEachRead.run();
                }
                int read = in.read(b, off, Math.min(len, bytesPerRead));
                if (read < 0 && failure != null) {
                    throw failure;
                }
                return read;
            }

            @Override
            public void close() throws IOException {
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** A response that records status, headers, body and how often it was completed; it may start out committed. */
    static final class Response {
        int status = 200;
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;
        int completed;
        String contentType;
        /**
         * Set once the container has ended this response and may have handed the object to another request (Payara
         * reuses response facades): every call made after that is recorded in {@link #touchedAfterEnd}.
         */
        boolean recycled;
        final List<String> touchedAfterEnd = new ArrayList<>();
        /** Runs when the response is flushed (its status and headers sent): a test's hook into what happens next. */
        Runnable onFlush = () -> { };
        /** Runs after each write of the body, on the writing thread. */
        Runnable onWrite = () -> { };

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(", ", values);
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        private void touched(String what) {
            if (recycled) {
                touchedAfterEnd.add(what);
            }
        }

        HttpServletResponse build() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    touched("write");
                    committed = true;
                    body.write(b);
                    onWrite.run();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    touched("write");
                    committed = true;
                    body.write(b, off, len);
                    onWrite.run();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                /** Non-blocking output that can always write: the listener hears so at once. */
                @Override
                public void setWriteListener(WriteListener listener) {
                    try {
                        listener.onWritePossible();
                    } catch (java.io.IOException e) {
                        listener.onError(e);
                    }
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                    (proxy, m, args) -> {
                        if (!m.getName().equals("toString")) {
                            touched(m.getName());
                        }
                        switch (m.getName()) {
                            case "setStatus" -> {
                                if (!committed) {
                                    status = (Integer) args[0];
                                }
                            }
                            case "setHeader" -> {
                                if (!committed) {
                                    headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                                }
                            }
                            case "addHeader" -> {
                                if (!committed) {
                                    headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                                }
                            }
                            case "setContentType" -> contentType = committed ? contentType : (String) args[0];
                            case "setCharacterEncoding", "setContentLength", "setContentLengthLong" -> { }
                            case "isCommitted" -> {
                                return committed;
                            }
                            case "resetBuffer" -> {
                                if (committed) {
                                    throw new IllegalStateException("committed");
                                }
                                body.reset();
                            }
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "flushBuffer" -> {
                                committed = true;
                                onFlush.run();
                            }
                            case "toString" -> {
                                return "FakeHttp.Response";
                            }
                            default -> throw new UnsupportedOperationException("response." + m.getName());
                        }
                        return null;
                    });
        }
    }
}
