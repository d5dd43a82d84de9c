package io.secretledger.api.accessrequest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A member's access requests for one secret are one aggregate, so a reveal finds the member's grant by its id
 * without an index: the id is a name-based UUID of the secret and the member.
 */
public final class AccessRequestIds {

    private AccessRequestIds() {
    }

    public static String of(String secretId, String memberId) {
        return UUID.nameUUIDFromBytes(("access-request|" + secretId + "|" + memberId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
