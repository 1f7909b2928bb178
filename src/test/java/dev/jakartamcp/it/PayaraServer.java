package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Server 6 domain of its own, driven with {@code asadmin} as an operator drives it: created on a free port
 * base, bound to 127.0.0.1 only, without Hazelcast's data grid, JMS broker or phone-home (domain.xml edited before the
 * first start; see {@code payara-server-admin.md}) and started; stopped at the end but kept for its logs until the next
 * run, which deletes it first. Every command is bounded in time.
 */
final class PayaraServer implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    final Path home;
    final Path domains;
    final String domain = "mcpit";
    final int portBase;
    private final Path log;
    private boolean started;

    private PayaraServer(Path home, Path domains, int portBase, Path log) {
        this.home = home;
        this.domains = domains;
        this.portBase = portBase;
        this.log = log;
    }

    int adminPort() {
        return portBase + 48;
    }

    int httpPort() {
        return portBase + 80;
    }

    /** Creates and starts the domain. */
    static PayaraServer create(Path home, Path work) throws IOException, InterruptedException {
        Path domains = Files.createDirectories(work.resolve("domains"));
        PayaraServer server = new PayaraServer(home, domains, freePortBase(), work.resolve("asadmin.log"));
        server.removeLeftOver();
        server.asadmin(false, "create-domain", "--nopassword=true", "--portbase", String.valueOf(server.portBase),
                "--domaindir", domains.toString(), server.domain);
        server.loopbackOnly(domains.resolve(server.domain).resolve("config/domain.xml"));
        server.asadmin(false, "start-domain", "--domaindir", domains.toString(), server.domain);
        server.started = true;
        return server;
    }

    /**
     * Deletes the domain an earlier run left in the same {@code target} (create-domain refuses an existing one, CLI130),
     * stopping it first in case that run ended without stopping it.
     */
    private void removeLeftOver() throws IOException, InterruptedException {
        if (!Files.exists(domains.resolve(domain))) {
            return;
        }
        try {
            asadmin(false, "stop-domain", "--domaindir", domains.toString(), domain);
        } catch (IllegalStateException notRunning) {
            // stop-domain fails for a domain that is not running, which is what a run that ended normally leaves
        }
        asadmin(false, "delete-domain", "--domaindir", domains.toString(), domain);
    }

    /** Runs {@code asadmin} (against the running domain's admin port when {@code remote}); returns its output. */
    String asadmin(boolean remote, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        if (remote) {
            command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(adminPort())));
        }
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        byte[] output;
        try (var in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " took more than " + COMMAND_TIMEOUT);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Files.writeString(log, "$ asadmin " + String.join(" ", arguments) + "\n" + text + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }

    /** The server log of the domain. */
    String serverLog() throws IOException {
        Path file = domains.resolve(domain).resolve("logs/server.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws Exception {
        if (started) {
            started = false;
            asadmin(false, "stop-domain", "--domaindir", domains.toString(), domain);
        }
    }

    /** Every listener on 127.0.0.1, and nothing that talks to the network on its own (Hazelcast, JMS, phone-home). */
    private void loopbackOnly(Path domainXml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(domainXml.toFile());
            Element config = null;
            NodeList configs = doc.getElementsByTagName("config");
            for (int i = 0; i < configs.getLength(); i++) {
                Element c = (Element) configs.item(i);
                if ("server-config".equals(c.getAttribute("name"))) {
                    config = c;
                }
            }
            if (config == null) {
                throw new IllegalStateException("no server-config in " + domainXml);
            }
            for (String tag : List.of("network-listener", "iiop-listener", "jmx-connector")) {
                NodeList nodes = config.getElementsByTagName(tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    ((Element) nodes.item(i)).setAttribute("address", "127.0.0.1");
                }
            }
            child(doc, config, "hazelcast-config-specific-configuration").setAttribute("enabled", "false");
            child(doc, config, "phone-home-runtime-configuration").setAttribute("enabled", "false");
            child(doc, config, "jms-service").setAttribute("type", "DISABLED");
            NodeList runtime = doc.getElementsByTagName("hazelcast-runtime-configuration");
            for (int i = 0; i < runtime.getLength(); i++) {
                ((Element) runtime.item(i)).setAttribute("discovery-mode", "domain");
                ((Element) runtime.item(i)).setAttribute("interface", "127.0.0.1");
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(domainXml.toFile()));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not edit " + domainXml, e);
        }
    }

    private static Element child(Document doc, Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        Element created = doc.createElement(tag);
        parent.appendChild(created);
        return created;
    }

    /** A port base whose 100 ports are all free on loopback (the domain's listeners are all bound there), below the ephemeral range. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = (Http.freePort() / 100) * 100;
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range of 100 found");
    }

    private static boolean allFree(int base) {
        for (int port = base; port < base + 100; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(false);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
