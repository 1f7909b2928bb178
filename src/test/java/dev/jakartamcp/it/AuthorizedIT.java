package dev.jakartamcp.it;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Base of the Arquillian ITs that deploy the WAR with authorization on, against the test authorization servers
 * ({@link AuthServers}) of the running test class: its {@code @Deployment} method starts them through
 * {@link #authorizationServers()}, they stop after the class.
 */
abstract class AuthorizedIT extends EndpointIT {
    static AuthServers as;

    static AuthServers authorizationServers() {
        if (as == null) {
            as = new AuthServers();
        }
        return as;
    }

    @AfterAll
    static void stopAuthorizationServer() {
        if (as != null) {
            as.close();
            as = null;
        }
    }

    /** A token signed with a key the issuer publishes, for {@code subject} with these permissions. */
    static String token(String subject, Duration lifetime, String... permissions) {
        return AuthServers.sign(as.rsa, AuthServers.header(JWSAlgorithm.RS256, as.rsa).build(),
                as.claims(subject).expirationTime(Date.from(Instant.now().plus(lifetime)))
                        .claim("permissions", List.of(permissions)).build());
    }

    static String token(String subject, String... permissions) {
        return token(subject, Duration.ofMinutes(5), permissions);
    }

    /** A client of the deployed endpoint whose every request carries {@code token}. */
    McpHttpClient withToken(String token) {
        return new McpHttpClient(McpDeployments.endpoint(deployed)).authorization("Bearer " + token);
    }

    /** A client whose every request carries a token of a fresh subject with these permissions, for {@code lifetime}. */
    McpHttpClient freshCaller(Duration lifetime, String... permissions) {
        return withToken(token("user-" + java.util.UUID.randomUUID(), lifetime, permissions));
    }
}
