package dev.jakartamcp.security;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import java.io.IOException;
import java.util.Map;

/**
 * The WAR's Jakarta Authentication module: tells the container who the caller of each request is, as decided by
 * {@link BearerAuthentication}, through the standard caller principal and group callbacks.
 *
 * <p>It replaces a Jakarta Security {@code HttpAuthenticationMechanism} for a measured reason (issue 11): Payara's
 * bridge from Jakarta Authentication to such a mechanism looks the mechanism up through JNDI twice per request, each
 * time with a new {@code InitialContext} and a {@code NamingException} built in advance, which took 12 % of the CPU of a
 * stateless {@code tools/call}. The container sees the same caller and groups either way: Jakarta Security's
 * {@code SecurityContext}, {@code isUserInRole}, EJB and JAX-RS security all work from what these callbacks set.
 * It is its own {@link ServerAuthContext}: it is the only module, {@link BearerAuthConfigProvider} hands it out.
 */
final class BearerServerAuthModule implements ServerAuthModule, ServerAuthContext {
    private static final Class<?>[] MESSAGE_TYPES = {HttpServletRequest.class, HttpServletResponse.class};

    private final BearerAuthentication authentication;
    private volatile CallbackHandler handler;

    BearerServerAuthModule(BearerAuthentication authentication, CallbackHandler handler) {
        this.authentication = authentication;
        this.handler = handler;
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                           @SuppressWarnings("rawtypes") Map options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return MESSAGE_TYPES.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
        BearerAuthentication.Login login = authentication.authenticate(
                (HttpServletRequest) message.getRequestMessage(), (HttpServletResponse) message.getResponseMessage());
        if (login.refused()) {
            return AuthStatus.SEND_FAILURE;
        }
        // a null caller tells the container that the request goes on unauthenticated
        Callback[] callbacks = login.caller() == null || login.groups().isEmpty()
                ? new Callback[] {new CallerPrincipalCallback(client, login.caller())}
                : new Callback[] {new CallerPrincipalCallback(client, login.caller()),
                        new GroupPrincipalCallback(client, login.groups().toArray(new String[0]))};
        try {
            handler.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            throw (AuthException) new AuthException("the container refused the caller: " + e.getMessage()).initCause(e);
        }
        return AuthStatus.SUCCESS;
    }

    @Override
    public AuthStatus secureResponse(MessageInfo message, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo message, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
    }
}
