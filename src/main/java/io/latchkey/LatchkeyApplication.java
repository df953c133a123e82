package io.latchkey;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JSON API, versioned in its path. Resources and providers are discovered by scanning.
 */
@ApplicationPath("/api/v1")
@DeclareRoles({"admin", "token-manager", "member", "operator", "verifier"})
public class LatchkeyApplication extends Application {
}
