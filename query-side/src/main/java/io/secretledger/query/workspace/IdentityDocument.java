package io.secretledger.query.workspace;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/**
 * A person as an identity provider names them, keyed by {@code issuer|subject} so that finding a caller's
 * memberships is one read by key, and the member they are in each workspace whose invitation they accepted.
 */
@Document("identities")
record IdentityDocument(@Id String id, String issuer, String subject, List<Binding> bindings) {

    static String key(String issuer, String subject) {
        return issuer + "|" + subject;
    }

    record Binding(String workspaceId, String memberId) {
    }
}
