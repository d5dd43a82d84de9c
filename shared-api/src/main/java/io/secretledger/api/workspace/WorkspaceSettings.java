package io.secretledger.api.workspace;

import java.time.Duration;

/**
 * The workspace controls of seed 000, and those before a reveal.
 *
 * @param clientSecretsEnabled        the feature is on for the workspace
 * @param restrictToAssignedUsers     members without an all-secrets permission need an assignment or a rule
 * @param requireEmailVerification    a reveal needs a fresh e-mailed code first
 * @param requireRevealReason         a member gives a reason with every reveal
 * @param requireRevealTicket         a member names the ticket they work on with every reveal
 * @param requireOwnOpenTicket        that ticket must be open and list the member
 * @param maxAccessRequestHours       the longest access a member may ask for; 0 (settings stored before it
 *                                    existed) means {@link #DEFAULT_MAX_ACCESS_REQUEST_HOURS}
 * @param maxShareLinkHours           the longest a share link or a credential request lives (issue 21); 0 means
 *                                    {@link #DEFAULT_MAX_SHARE_LINK_HOURS}
 */
public record WorkspaceSettings(boolean clientSecretsEnabled, boolean restrictToAssignedUsers,
                                boolean requireEmailVerification, boolean requireRevealReason,
                                boolean requireRevealTicket, boolean requireOwnOpenTicket,
                                int maxAccessRequestHours, int maxShareLinkHours) {

    public static final int DEFAULT_MAX_ACCESS_REQUEST_HOURS = 8;
    /** A year: beyond that a request is a standing assignment and should be one. */
    public static final int MAX_ACCESS_REQUEST_HOURS = 8760;

    public static final int DEFAULT_MAX_SHARE_LINK_HOURS = 72;
    /** A link is for a conversation with a client, not a standing door: a month at most. */
    public static final int MAX_SHARE_LINK_HOURS = 720;

    public static WorkspaceSettings defaults() {
        return of(true, false, false);
    }

    /** The seed's three controls, the others as they are by default. */
    public static WorkspaceSettings of(boolean clientSecretsEnabled, boolean restrictToAssignedUsers,
                                       boolean requireEmailVerification) {
        return new WorkspaceSettings(clientSecretsEnabled, restrictToAssignedUsers, requireEmailVerification,
                false, false, false, DEFAULT_MAX_ACCESS_REQUEST_HOURS, DEFAULT_MAX_SHARE_LINK_HOURS);
    }

    public int shareLinkHours() {
        return maxShareLinkHours <= 0 ? DEFAULT_MAX_SHARE_LINK_HOURS : maxShareLinkHours;
    }

    public Duration maxAccessRequest() {
        return Duration.ofHours(maxAccessRequestHours <= 0 ? DEFAULT_MAX_ACCESS_REQUEST_HOURS : maxAccessRequestHours);
    }
}
