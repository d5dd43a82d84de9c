package io.secretledger.api.workspace;

/** What an integration's service account may do. */
public enum ServiceScope {
    /** Register and update tickets, their contacts and the members who can access them. */
    TICKETS,
    /** Make outbound calls carrying the workspace's secrets (never seeing them). */
    USE_SECRETS
}
