package io.latchkey.bench.sample;

import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * {@link EveryoneIn} one layer down: a Jakarta Authentication module, registered by the application itself
 * ({@code AuthConfigFactory.registerServerAuthModule}), that lets every request in as the same caller with the scope,
 * checking nothing. Deployed alone with {@link BenchApp} ({@code orders-module.war}), it separates the container's
 * authentication and authorization per request from the Jakarta Security bridge above it (the server's per-request CDI
 * look-ups that an {@code HttpAuthenticationMechanism} costs).
 */
@WebListener
public class EveryoneInModule implements ServerAuthModule, ServletContextListener {

    private static final String[] GROUPS = {"orders:read"};

    private CallbackHandler handler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        AuthConfigFactory.getFactory().registerServerAuthModule(new EveryoneInModule(), event.getServletContext());
    }

    @Override
    public void initialize(MessagePolicy request, MessagePolicy response, CallbackHandler handler, Map<String, Object> options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class};
    }

    @Override
    public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) {
        try {
            handler.handle(new Callback[] {new CallerPrincipalCallback(client, "bench"), new GroupPrincipalCallback(client, GROUPS)});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new IllegalStateException("the container took no caller", e);
        }
        return AuthStatus.SUCCESS;
    }

    @Override
    public AuthStatus secureResponse(MessageInfo message, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo message, Subject subject) {
        // nothing kept
    }
}
