package io.secretledger.command.share;

import java.time.Instant;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.share.ShareOutcome;

import java.util.Optional;

/**
 * The secrets as share links and credential requests use them (implemented beside the Secret aggregate, which
 * records the reveals and the new versions in its own stream). Every method works inside the current unit of work.
 */
public interface SharedSecrets {

    /** Empty when the workspace has no such secret (none or purged). */
    Optional<SharedField> field(String workspaceId, String secretId, String fieldKey, String memberId,
                                String ticketId);

    /** Records a refused share or request with the secret, as a refused reveal is. */
    void refuse(String workspaceId, String secretId, String fieldKey, String ticketId, ErrorCode code, Actor actor);

    /** The value, recorded as revealed to the contact, or why the link may no longer show it. */
    Shown reveal(ShownField link, Actor contact);

    /**
     * Stores the value as a new version of the field, attributed to the contact, or says why the request is dead.
     * A value that breaks the field's rules is refused with a DomainException and nothing is stored.
     */
    Stored store(WrittenField request, Plaintext value, Actor contact);

    /** What a share link shows: the field at the version it was made for, as its creator may reveal it. */
    record ShownField(String workspaceId, String secretId, String fieldKey, int fieldVersion, String creatorId,
                      String ticketId, String linkId, Instant madeAt) {
    }

    record WrittenField(String workspaceId, String secretId, String fieldKey, String requesterId, String ticketId,
                        Instant madeAt) {
    }

    record Shown(Plaintext value, ShareOutcome dead) {
    }

    record Stored(int version, ShareOutcome dead) {
    }
}
