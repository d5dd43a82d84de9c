package io.secretledger.api.access;

import java.util.List;

/**
 * Whether a member may view and modify a secret, with every grant that matched, or why none did.
 *
 * @param viewGrants   the grants that allow viewing and revealing, first one is the one recorded
 * @param modifyGrants the grants that allow changing the secret
 * @param denials      when nothing matched, why (a sentence each)
 */
public record AccessDecision(String secretId, String memberId, boolean canView, boolean canModify,
                             List<Grant> viewGrants, List<Grant> modifyGrants, List<String> denials) {
}
