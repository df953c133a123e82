package io.latchkey.auth;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.problems.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the credential a request carries, and nothing else: {@code Authorization: Bearer <key>},
 * {@code X-API-Key: <key>} or {@code Authorization: Basic}. Unreadable credentials are a
 * {@link ProblemException} (401); a key in the URL is 400 {@code key_in_query}, however it is encoded.
 */
@ApplicationScoped
class CredentialReader {

    private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "apikey", "api-key", "x-api-key", "access_token",
            "key", "token");
    private static final int DECODING_ROUNDS = 3;

    @Inject
    SecretCodec codec;

    /** The request's credential; empty when it carries neither header. */
    Optional<Credential> read(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader("X-API-Key");
        if (authorization == null && apiKey == null) {
            return Optional.empty();
        }
        if (authorization != null && apiKey != null) {
            throw ProblemException.unauthorized("ambiguous_credentials",
                    "Send either an Authorization header or an X-API-Key header, not both");
        }
        if (apiKey != null) {
            return Optional.of(new ApiKeyCredential(apiKey.trim()));
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        return Optional.of(switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer" -> new ApiKeyCredential(value);
            case "basic" -> basic(value);
            default -> throw ProblemException.unauthorized("unsupported_authentication_scheme",
                    "Use Authorization: Bearer <key>, X-API-Key: <key> or Authorization: Basic");
        });
    }

    /**
     * {@code email:password}, or {@code anything:<key>}: a password that is a well-formed key of this installation
     * (its checksum holds, which no chosen password does by chance) is read as that key, so that clients that only
     * speak Basic {@code client_id:client_secret} (RFC 7662 introspection clients) authenticate with a key.
     */
    private Credential basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("credentials_invalid", "The Basic credentials are not valid Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            throw ProblemException.unauthorized("credentials_invalid", "Basic credentials must be email:password");
        }
        String password = decoded.substring(colon + 1);
        if (codec.digestIfWellFormed(password).isPresent()) {
            return new ApiKeyCredential(password);
        }
        return new UsernamePasswordCredential(decoded.substring(0, colon), password);
    }

    /**
     * Refuses a query string that carries something shaped like a key, or a parameter meant for one.
     * Percent-encoding is undone up to three times ({@code lk%5F…}, {@code lk%255F…}), each escape on
     * its own, so one malformed escape elsewhere cannot hide a key.
     */
    void refuseKeyInQuery(String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        String text = query;
        for (int round = 0; round <= DECODING_ROUNDS; round++) {
            if (carriesKey(text)) {
                throw ProblemException.badRequest("key_in_query",
                        "API keys are accepted only in the Authorization or X-API-Key header, never in a URL;"
                                + " URLs end up in logs, so revoke a key that was sent this way");
            }
            String decoded = leniently(text);
            if (decoded.equals(text)) {
                return;
            }
            text = decoded;
        }
    }

    private boolean carriesKey(String text) {
        if (codec.looksLikeKey(text)) {
            return true;
        }
        for (String parameter : text.split("[&;]")) {
            String name = parameter.split("=", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (KEY_PARAMETERS.contains(name) && parameter.contains("=")) {
                return true;
            }
        }
        return false;
    }

    /** Decodes {@code +} and every well-formed {@code %XX}; leaves malformed escapes as they are. */
    static String leniently(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else if (c == '+') {
                out.write(' ');
                i++;
            } else {
                int codePoint = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
