package io.latchkey.testsupport;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicInteger;

/** Marks the request's thread with its probe name. */
@WebListener
public class SqlProbeMarker implements ServletRequestListener {

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request && request.getHeader(SqlStatements.HEADER) != null) {
            SqlStatements.PROBE.set(request.getHeader(SqlStatements.HEADER));
            SqlStatements.COUNTS.putIfAbsent(request.getHeader(SqlStatements.HEADER), new AtomicInteger());
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        SqlStatements.PROBE.remove();
    }
}
