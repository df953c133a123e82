package io.latchkey.identity.boundary;

import io.latchkey.accounts.entity.User;
import io.latchkey.identity.control.OidcProvider;
import io.latchkey.identity.control.PendingSignIns;
import io.latchkey.identity.entity.PendingSignIn;
import io.latchkey.platform.Refusal;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The two halves of a sign-in through the OpenID Connect provider: {@link #begin} before the browser
 * leaves for the provider, {@link #finish} when it comes back with a code.
 */
@ApplicationScoped
public class ProviderSignIns {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where to send the browser, and the secret its cookie carries until it comes back. */
    public record Begun(URI authorization, String browserSecret) {
    }

    @Inject
    OidcProvider provider;

    @Inject
    PendingSignIns pending;

    @Inject
    Admissions admissions;

    @Inject
    Clock clock;

    @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class})
    public Begun begin(URI redirectUri, String clientAddress) {
        OidcProvider.Authorization authorization = provider.authorize(redirectUri);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String browserSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        pending.add(authorization.state(), browserSecret, clientAddress, authorization, redirectUri.toString(), clock.instant());
        return new Begun(authorization.uri(), browserSecret);
    }

    /**
     * The person the provider signed in, let in ({@link Admissions}). Refused with
     * {@code oidc_state_invalid} when the state is unknown, used, expired or of another browser; the
     * provider's and the token's refusals as {@link OidcProvider#redeem} says.
     */
    public User finish(String state, String browserSecret, String code) {
        PendingSignIn started = pending.take(state, browserSecret, clock.instant()).orElseThrow(() ->
                Refusal.forbidden("oidc_state_invalid",
                        "This sign-in was not started in this browser, was used already or took over 10 minutes; sign in again"));
        if (code == null || code.isEmpty() || code.length() > 4096) {
            throw Refusal.forbidden("oidc_refused", "The provider sent no authorization code");
        }
        return admissions.admit(provider.redeem(code, started.codeVerifier(), started.nonce(), URI.create(started.redirectUri())));
    }
}
