package io.latchkey.accounts.control;

import java.util.List;

/**
 * A CDI event, fired inside the transaction that deactivates a person who answered for service accounts: the
 * accounts (by name) that now need someone else, and the organization's active admins to tell once it commits.
 * Carries what the mail needs, so nothing is read again after the commit.
 */
public record ResponsibleDeactivated(String organizationId, String personId, String personEmail, List<String> accountNames,
                                     List<Admin> admins) {

    /** An admin to tell. */
    public record Admin(String email, String name) {
    }
}
