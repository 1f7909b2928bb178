package dev.jakartamcp.security;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Jakarta Authentication module tells the container for each decision of {@link BearerAuthentication}. */
class BearerServerAuthModuleTest {
    private final List<Callback> handled = new ArrayList<>();
    private final Subject client = new Subject();

    private static BearerAuthentication deciding(BearerAuthentication.Login login) {
        return new BearerAuthentication() {
            @Override
            public Login authenticate(HttpServletRequest request, HttpServletResponse response) {
                return login;
            }
        };
    }

    private BearerServerAuthModule module(BearerAuthentication.Login login) {
        return new BearerServerAuthModule(deciding(login), callbacks -> handled.addAll(List.of(callbacks)));
    }

    @Test
    void aValidTokenBecomesTheCallerWithItsGroups() throws AuthException {
        Principal caller = () -> "alice";
        AuthStatus status = module(BearerAuthentication.Login.of(caller, Set.of("channels:read"))).validateRequest(message(), client, null);
        assertEquals(AuthStatus.SUCCESS, status);
        assertEquals(2, handled.size());
        CallerPrincipalCallback principal = (CallerPrincipalCallback) handled.get(0);
        assertSame(caller, principal.getPrincipal());
        assertSame(client, principal.getSubject());
        assertArrayEquals(new String[] {"channels:read"}, ((GroupPrincipalCallback) handled.get(1)).getGroups());
    }

    @Test
    void aCallerWithoutGroupsGetsOnlyThePrincipal() throws AuthException {
        assertEquals(AuthStatus.SUCCESS, module(BearerAuthentication.Login.of(AnonymousCaller.INSTANCE, Set.of())).validateRequest(message(), client, null));
        assertEquals(1, handled.size());
        assertSame(AnonymousCaller.INSTANCE, ((CallerPrincipalCallback) handled.get(0)).getPrincipal());
    }

    @Test
    void noDecisionGoesOnUnauthenticatedWithANullCaller() throws AuthException {
        assertEquals(AuthStatus.SUCCESS, module(BearerAuthentication.Login.NONE).validateRequest(message(), client, null));
        assertEquals(1, handled.size());
        CallerPrincipalCallback principal = (CallerPrincipalCallback) handled.get(0);
        assertNull(principal.getPrincipal());
        assertNull(principal.getName());
    }

    @Test
    void aRefusalIsAFailureWithoutCallbacks() throws AuthException {
        assertEquals(AuthStatus.SEND_FAILURE, module(BearerAuthentication.Login.REFUSED).validateRequest(message(), client, null));
        assertTrue(handled.isEmpty());
    }

    @Test
    void aContainerThatRefusesTheCallerIsAnAuthenticationError() {
        BearerServerAuthModule module = new BearerServerAuthModule(deciding(BearerAuthentication.Login.of(() -> "bob", Set.of())),
                callbacks -> {
                    throw new UnsupportedCallbackException(callbacks[0]);
                });
        assertThrows(AuthException.class, () -> module.validateRequest(message(), client, null));
    }

    @Test
    void responsesPassAndCleaningEmptiesTheSubject() {
        BearerServerAuthModule module = module(BearerAuthentication.Login.NONE);
        assertEquals(AuthStatus.SEND_SUCCESS, module.secureResponse(message(), null));
        client.getPrincipals().add(() -> "carol");
        module.cleanSubject(message(), client);
        assertTrue(client.getPrincipals().isEmpty());
    }

    @Test
    void theRootContextIsRegisteredInBothSpellings() {
        assertEquals(List.of("server ", "server /"), List.copyOf(BearerAuthConfigProvider.appContexts("server", "")));
        assertEquals(List.of("default_host /mcp-app"), List.copyOf(BearerAuthConfigProvider.appContexts("default_host", "/mcp-app")));
    }

    private static MessageInfo message() {
        Map<String, Object> map = new HashMap<>();
        return new MessageInfo() {
            @Override
            public Object getRequestMessage() {
                return null;
            }

            @Override
            public Object getResponseMessage() {
                return null;
            }

            @Override
            public void setRequestMessage(Object request) {
            }

            @Override
            public void setResponseMessage(Object response) {
            }

            @Override
            @SuppressWarnings("rawtypes")
            public Map getMap() {
                return map;
            }
        };
    }
}
