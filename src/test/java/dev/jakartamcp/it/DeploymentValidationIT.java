package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.it.broken.badname.BadlyNamedTool;
import dev.jakartamcp.it.broken.contradiction.ContradictoryTool;
import dev.jakartamcp.it.broken.duplicate.FirstDuplicate;
import dev.jakartamcp.it.broken.icon.HttpIconTool;
import dev.jakartamcp.it.broken.produced.ThreadTools;
import dev.jakartamcp.it.broken.secretvariable.SecretVariableTemplate;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invalid tool definition must stop the deployment with a message that names the culprit. Arquillian cannot show
 * why a deployment failed, so these tests deploy each WAR into a running server as an operator would
 * ({@link DeploymentServer}: Payara Micro's deploy, as {@code asadmin deploy} into a server, or Liberty's
 * {@code dropins}) and read what the server logged during that deployment. One server serves the whole class; each
 * WAR is undeployed after its test. Tag {@code own-server}: on Payara Micro 6, Payara Micro 7 and Open Liberty.
 */
@Tag("own-server")
class DeploymentValidationIT {
    private static DeploymentServer server;
    private static int deployments;

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        server = DeploymentServer.start(Path.of(System.getProperty("mcp.build.dir", "target"), "deployment-validation"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void duplicateToolNamesFailTheDeploymentNamingBothMethods() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(FirstDuplicate.class.getPackage()));
        int message = log.indexOf("Duplicate MCP tool name 'duplicate_tool': ");
        assertTrue(message >= 0, log);
        String line = log.substring(message, log.indexOf('\n', message));
        assertTrue(line.contains("dev.jakartamcp.it.broken.duplicate.FirstDuplicate#first")
                && line.contains("dev.jakartamcp.it.broken.duplicate.SecondDuplicate#second"), line);
    }

    @Test
    void anInvalidToolNameFailsTheDeploymentNamingTheMethod() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(BadlyNamedTool.class.getPackage()));
        assertTrue(log.contains("Invalid MCP tool name 'get weather!' on dev.jakartamcp.it.broken.badname.BadlyNamedTool#weather"), log);
    }

    @Test
    void contradictorySecurityAnnotationsFailTheDeploymentNamingTheMethod() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(ContradictoryTool.class.getPackage()));
        assertTrue(log.contains("Contradictory security annotations @PermitAll and @DenyAll on method "
                + "dev.jakartamcp.it.broken.contradiction.ContradictoryTool#contradictory"), log);
    }

    @Test
    void anIconThatIsNeitherHttpsNorDataFailsTheDeploymentNamingTheTool() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(HttpIconTool.class.getPackage()));
        assertTrue(log.contains("Invalid icon of MCP tool 'http_icon' (dev.jakartamcp.it.broken.icon.HttpIconTool#tool): "
                + "'http://example.com/icon.png' is neither an https URL nor a data:image URI"), log);
    }

    @Test
    void aProducedToolThatCannotWorkFailsTheDeploymentNamingItsProducerMethod() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(ThreadTools.class.getPackage()));
        assertTrue(log.contains("MCP tool 'join' (producer dev.jakartamcp.it.broken.produced.ThreadTools#join) cannot work: "
                + "parameter 'worker' (Thread): No JSON Schema mapping for java.lang.Thread"), log);
    }

    @Test
    void aSecretResourceTemplateVariableFailsTheDeploymentNamingTheMethod() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of()).addPackage(SecretVariableTemplate.class.getPackage()));
        assertTrue(log.contains("dev.jakartamcp.it.broken.secretvariable.SecretVariableTemplate#key: variable 'key' of vault://keys/{key} "
                + "cannot be secret: the resource URI is audited as it is; pass a secret to a tool instead"), log);
    }

    @Test
    void authorizationOnWithoutAnExplicitResourceFailsTheDeploymentNamingTheProperty() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of("mcp.auth.enabled", "true",
                "mp.jwt.verify.issuer", "https://issuer.example.test/",
                "mp.jwt.verify.publickey.location", "https://issuer.example.test/jwks")));
        assertTrue(log.contains("resource (mcp.resource) is required when authorization is enabled"), log);
    }

    @Test
    void eachInvalidValueIsOneSevereLogLineNamingThePropertyAndTheDeploymentStops() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of("mcp.session.max", "lots", "mcp.auth.clock-skew", "45x")));
        for (String property : List.of("mcp.session.max", "mcp.auth.clock-skew")) {
            List<String> lines = log.lines().filter(l -> l.contains("Invalid MCP configuration, the application does not start: ")
                    && l.contains(property)).toList();
            assertEquals(1, lines.size(), property + ": " + lines);
        }
    }

    @Test
    void aMistypedPropertyIsOneWarningLineAndTheApplicationServes() throws Exception {
        String log = deployAndReadLog(McpDeployments.product(Map.of("mcp.sesion.timeout", "PT5M", "mcp.tools.get_chanels.enabled", "false")), true);
        List<String> typo = log.lines().filter(l -> l.contains(
                "MCP configuration: mcp.sesion.timeout: unknown setting, ignored (did you mean mcp.session.timeout?)")).toList();
        assertEquals(1, typo.size(), log);
        List<String> item = log.lines().filter(l -> l.contains(
                "MCP configuration: mcp.tools.get_chanels.enabled: no tool named 'get_chanels' is deployed (did you mean get_channels?)")).toList();
        assertEquals(1, item.size(), log);
        assertTrue(log.contains("MCP effective settings (secrets masked):"), log);
    }

    /** Deploys the WAR, checks the application is not served, returns what the server logged meanwhile. */
    private static String deployAndReadLog(WebArchive war) throws IOException, InterruptedException {
        return deployAndReadLog(war, false);
    }

    /** Deploys the WAR, checks whether the application is served, returns what the server logged meanwhile. */
    private static String deployAndReadLog(WebArchive war, boolean served) throws IOException, InterruptedException {
        String name = "validated" + ++deployments;
        DeploymentServer.Deployment deployment = server.deploy(war, name);
        try {
            HttpResponse<String> response = Http.client().build().send(HttpRequest.newBuilder(server.url(name, "/mcp"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = server.logSince(deployment.logOffset());
            assertEquals(served, deployment.started(), server.server() + " started the application: " + deployment.started() + "\n" + text);
            if (served) {
                assertTrue(response.body().contains("\"jsonrpc\""), "the application is served: " + response.statusCode() + " " + response.body());
                return text;
            }
            assertTrue(response.statusCode() >= 400 && !response.body().contains("\"jsonrpc\""),
                    "the broken application must not be served: " + response.statusCode() + " " + response.body());
            assertTrue(text.contains(server.failedStartMark()), server.server() + " reports the failed deployment");
            return text;
        } finally {
            server.undeploy(name);
        }
    }
}
