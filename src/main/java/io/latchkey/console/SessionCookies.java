package io.latchkey.console;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The console session cookie is SameSite=Strict: a page of another site can never make the browser
 * send it. (Set here as well as in web.xml, since not every server reads the descriptor's cookie
 * attributes.)
 */
@WebListener
public class SessionCookies implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().getSessionCookieConfig().setAttribute("SameSite", "Strict");
    }
}
