package io.latchkey.console;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The console session cookie is SameSite=Strict: a page of another site can never make the browser
 * send it. (Set here as well as in web.xml, since not every server reads the descriptor's cookie
 * attributes.) Undertow (WildFly) applies neither; there {@code WEB-INF/undertow-handlers.conf} sets it with
 * Undertow's own {@code samesite-cookie} handler, a file other servers ignore. With
 * {@code latchkey.console.secure-cookie=true} it is also Secure (HTTPS only).
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var cookies = event.getServletContext().getSessionCookieConfig();
        cookies.setAttribute("SameSite", "Strict");
        // Behind a TLS-terminating proxy the server sees plain HTTP; say so to keep the cookie off HTTP.
        cookies.setSecure(ConfigProvider.getConfig()
                .getOptionalValue("latchkey.console.secure-cookie", Boolean.class).orElse(false));
    }
}
