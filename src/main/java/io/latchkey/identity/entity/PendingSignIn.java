package io.latchkey.identity.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A sign-in through the provider that has started and not yet come back. Found by the digest of its
 * {@code state} (the state itself travels only through the browser), and good only together with the
 * browser cookie whose digest it holds, so that a link with someone else's state signs no one in.
 */
@Entity
@Table(name = "oidc_sign_ins")
@NamedQuery(name = PendingSignIn.DELETE_OLDER, query = "delete from PendingSignIn p where p.createdAt < :before")
@NamedQuery(name = PendingSignIn.COUNT, query = "select count(p) from PendingSignIn p")
@NamedQuery(name = PendingSignIn.OLDEST, query = "select p from PendingSignIn p order by p.createdAt, p.stateDigest")
@NamedQuery(name = PendingSignIn.COUNT_FROM, query = "select count(p) from PendingSignIn p where p.clientAddress = :client")
public class PendingSignIn {

    public static final String DELETE_OLDER = "PendingSignIn.deleteOlder";
    public static final String COUNT = "PendingSignIn.count";
    public static final String OLDEST = "PendingSignIn.oldest";
    public static final String COUNT_FROM = "PendingSignIn.countFrom";

    @Id
    @Column(name = "state_digest")
    private String stateDigest;

    @Column(name = "browser_digest")
    private String browserDigest;

    @Column(name = "client_address")
    private String clientAddress;

    private String nonce;

    @Column(name = "code_verifier")
    private String codeVerifier;

    @Column(name = "redirect_uri")
    private String redirectUri;

    @Column(name = "created_at")
    private java.time.LocalDateTime createdAt;

    protected PendingSignIn() {
    }

    public PendingSignIn(String stateDigest, String browserDigest, String clientAddress, String nonce, String codeVerifier,
                         String redirectUri, Instant now) {
        this.stateDigest = stateDigest;
        this.browserDigest = browserDigest;
        this.clientAddress = clientAddress.length() > 64 ? clientAddress.substring(0, 64) : clientAddress;
        this.nonce = nonce;
        this.codeVerifier = codeVerifier;
        this.redirectUri = redirectUri;
        this.createdAt = column(now);
    }

    /** The client that started it, as budgets count clients. */
    public String clientAddress() {
        return clientAddress;
    }

    public String browserDigest() {
        return browserDigest;
    }

    public String nonce() {
        return nonce;
    }

    public String codeVerifier() {
        return codeVerifier;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    @Override
    public String toString() {
        return "PendingSignIn[created " + createdAt + "]";
    }
}
