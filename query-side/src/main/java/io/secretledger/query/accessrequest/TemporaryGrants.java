package io.secretledger.query.accessrequest;

import io.secretledger.api.accessrequest.AccessRequestIds;
import io.secretledger.api.accessrequest.AccessRequestStatus;
import io.secretledger.policy.TemporaryAccess;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The read side's view of a member's granted request for a secret, for the same policy the reveal asks. */
@Component
public class TemporaryGrants {

    private final MongoTemplate mongo;

    public TemporaryGrants(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<TemporaryAccess> find(String workspaceId, String secretId, String memberId) {
        AccessRequestDocument request = mongo.findById(AccessRequestIds.of(secretId, memberId),
                AccessRequestDocument.class);
        if (request == null || request.status() != AccessRequestStatus.APPROVED
                || !workspaceId.equals(request.workspaceId())) {
            return Optional.empty();
        }
        return Optional.of(new TemporaryAccess(request.id(), request.ticketId(),
                !Boolean.TRUE.equals(request.ticketClosed()), request.until(),
                Boolean.TRUE.equals(request.breakGlass())));
    }
}
