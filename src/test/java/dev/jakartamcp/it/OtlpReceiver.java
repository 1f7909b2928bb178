package dev.jakartamcp.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's trace receiver in the test JVM, on 127.0.0.1: OTLP/HTTP with protobuf
 * ({@code POST /v1/traces}), as the servers' OpenTelemetry SDK exports. Decodes just the span fields the tests look
 * at, from the protobuf wire format (opentelemetry-proto {@code ExportTraceServiceRequest}).
 */
final class OtlpReceiver implements AutoCloseable {
    /** One exported span; ids in lower-case hex, {@code kind} as in the proto (2 = SERVER), status code 2 = ERROR. */
    record ExportedSpan(String scope, String traceId, String spanId, String parentSpanId, String name, long kind,
                        Map<String, Object> attributes, List<String> linkedSpanIds, List<String> linkedTraceIds,
                        long statusCode, String statusMessage) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The first exported span that matches, waiting up to {@code timeout} for the batch exporter. */
    Optional<ExportedSpan> await(Predicate<ExportedSpan> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ExportedSpan> found = spans.stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(100);
        }
        return spans.stream().filter(which).findFirst();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] body = in.readAllBytes();
            try {
                for (Field resourceSpans : fields(body)) {
                    if (resourceSpans.number == 1) {
                        for (Field scopeSpans : fields(resourceSpans.bytes)) {
                            if (scopeSpans.number == 2) {
                                readScopeSpans(scopeSpans.bytes);
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                System.out.println("OtlpReceiver: cannot decode " + body.length + " bytes: " + e);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
        }
    }

    private void readScopeSpans(byte[] scopeSpans) {
        String scope = "";
        for (Field f : fields(scopeSpans)) {
            if (f.number == 1) {
                scope = fields(f.bytes).stream().filter(s -> s.number == 1).map(Field::text).findFirst().orElse("");
            }
        }
        for (Field f : fields(scopeSpans)) {
            if (f.number == 2) {
                spans.add(span(scope, f.bytes));
            }
        }
    }

    private static ExportedSpan span(String scope, byte[] bytes) {
        String traceId = "", spanId = "", parent = "", name = "", statusMessage = "";
        long kind = 0, statusCode = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> links = new ArrayList<>();
        List<String> linkedTraces = new ArrayList<>();
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = f.text();
                case 6 -> kind = f.varint;
                case 9 -> {
                    String key = null;
                    Object value = null;
                    for (Field kv : fields(f.bytes)) {
                        if (kv.number == 1) {
                            key = kv.text();
                        } else if (kv.number == 2) {
                            value = anyValue(kv.bytes);
                        }
                    }
                    attributes.put(key, value);
                }
                case 13 -> {
                    for (Field l : fields(f.bytes)) {
                        if (l.number == 1) {
                            linkedTraces.add(HexFormat.of().formatHex(l.bytes));
                        } else if (l.number == 2) {
                            links.add(HexFormat.of().formatHex(l.bytes));
                        }
                    }
                }
                case 15 -> {
                    for (Field s : fields(f.bytes)) {
                        if (s.number == 2) {
                            statusMessage = s.text();
                        } else if (s.number == 3) {
                            statusCode = s.varint;
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new ExportedSpan(scope, traceId, spanId, parent, name, kind, attributes, links, linkedTraces, statusCode, statusMessage);
    }

    private static Object anyValue(byte[] bytes) {
        for (Field f : fields(bytes)) {
            switch (f.number) {
                case 1 -> {
                    return f.text();
                }
                case 2 -> {
                    return f.varint != 0;
                }
                case 3 -> {
                    return f.varint;
                }
                case 4 -> {
                    return Double.longBitsToDouble(f.varint);
                }
                default -> {
                }
            }
        }
        return null;
    }

    /** One protobuf field: its number and, by wire type, its varint/fixed value or its bytes. */
    private record Field(int number, long varint, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        while (in.available() > 0) {
            long key = varint(in);
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> fields.add(new Field(number, varint(in), null));
                case 1 -> fields.add(new Field(number, ByteBuffer.wrap(take(in, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(), null));
                case 2 -> fields.add(new Field(number, 0, take(in, (int) varint(in))));
                case 5 -> fields.add(new Field(number, ByteBuffer.wrap(take(in, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt(), null));
                default -> throw new IllegalArgumentException("wire type " + (key & 7));
            }
        }
        return fields;
    }

    private static byte[] take(ByteArrayInputStream in, int n) {
        byte[] bytes = new byte[n];
        if (in.readNBytes(bytes, 0, n) != n) {
            throw new IllegalArgumentException("truncated field");
        }
        return bytes;
    }

    private static long varint(ByteArrayInputStream in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalArgumentException("truncated varint");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
