package io.latchkey.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger(ClientAddress.class.getName());

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    private static ClientAddress trusting(String proxies) {
        ClientAddress clients = new ClientAddress();
        clients.trustedProxies = Optional.ofNullable(proxies);
        clients.readTrustedProxies();
        return clients;
    }

    /** A request from {@code peer} with the given X-Forwarded-For lines. */
    private static HttpServletRequest request(String peer, String... forwardedFor) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientAddressTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeader" -> forwardedFor.length == 0 ? null : forwardedFor[0];
                    case "getHeaders" -> Collections.enumeration(List.of(forwardedFor));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnoredWithOneWarningPerPeer() {
        ClientAddress clients = trusting("10.0.0.1");
        assertEquals("192.0.2.7", clients.of(request("192.0.2.7", "203.0.113.9")));
        assertEquals("192.0.2.7", clients.of(request("192.0.2.7", "203.0.113.10")));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("192.0.2.8", clients.of(request("192.0.2.8", "203.0.113.9")));
        assertEquals(2, warnings.size(), "another peer gets its own warning");
        assertEquals("192.0.2.9", clients.of(request("192.0.2.9")));
        assertEquals(2, warnings.size(), "no header, no warning");
    }

    @Test
    void aTrustedProxyIsBelievedUpToTheFirstUntrustedHop() {
        ClientAddress clients = trusting("10.0.0.1, 10.0.0.2");
        assertEquals("203.0.113.9", clients.of(request("10.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.2")));
        assertEquals("203.0.113.9", clients.of(request("10.0.0.1", "198.51.100.1", "203.0.113.9")),
                "every header line counts");
        assertEquals("10.0.0.1", clients.of(request("10.0.0.1", "not-an-address")), "garbage is not believed");
        assertEquals(List.of(), warnings);
    }
}
