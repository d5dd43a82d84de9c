package io.secretledger.query.workspace;

import io.secretledger.api.invitation.Identity;
import io.secretledger.api.invitation.InvitationAccepted;
import io.secretledger.api.workspace.FindMemberships;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.Membership;
import io.secretledger.api.workspace.Memberships;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Which workspaces a person signed in with an identity provider belongs to, so that a request's workspace comes from
 * the caller's memberships and never from a claim (ADR 0021). In the workspace directory's processing group, so that
 * it moves with the members it names. Deciding stays on the command side: a member found here is still refused by
 * the Workspace once removed.
 */
@Component
@ProcessingGroup("workspace-directory")
class MembershipProjection {

    private final MongoTemplate mongo;
    private final QueryUpdateEmitter updates;

    MembershipProjection(MongoTemplate mongo, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.updates = updates;
    }

    @EventHandler
    void on(InvitationAccepted event) {
        // A local token names its workspace and member itself: only a provider's person is looked up.
        if (event.issuer() == null || event.subject() == null || Identity.LOCAL_ISSUER.equals(event.issuer())) {
            return;
        }
        String key = IdentityDocument.key(event.issuer(), event.subject());
        IdentityDocument.Binding binding = new IdentityDocument.Binding(event.workspaceId(), event.memberId());
        // Pull first, then add: a redelivered event converges on one binding per workspace.
        mongo.upsert(query(where("_id").is(key)), new Update().set("issuer", event.issuer())
                .set("subject", event.subject()).pull("bindings", new org.bson.Document("workspaceId",
                        event.workspaceId())), IdentityDocument.class);
        mongo.updateFirst(query(where("_id").is(key)), new Update().push("bindings", binding), IdentityDocument.class);
        emit(key);
    }

    @EventHandler
    void on(MemberRemoved event) {
        List<IdentityDocument> bound = mongo.find(query(where("bindings.memberId").is(event.memberId())),
                IdentityDocument.class);
        for (IdentityDocument identity : bound) {
            mongo.updateFirst(query(where("_id").is(identity.id())), new Update().pull("bindings",
                    new org.bson.Document("memberId", event.memberId())), IdentityDocument.class);
            emit(identity.id());
        }
    }

    /** After the workspace directory holds a new member: a person who accepted an invitation sees it now. */
    void memberAdded(String memberId) {
        for (IdentityDocument identity : mongo.find(query(where("bindings.memberId").is(memberId)),
                IdentityDocument.class)) {
            emit(identity.id());
        }
    }

    @QueryHandler
    Memberships handle(FindMemberships query) {
        if (query.issuer() == null || query.subject() == null) {
            return new Memberships(List.of());
        }
        return memberships(IdentityDocument.key(query.issuer(), query.subject()));
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), IdentityDocument.class);
    }

    private Memberships memberships(String key) {
        IdentityDocument identity = mongo.findById(key, IdentityDocument.class);
        if (identity == null || identity.bindings() == null) {
            return new Memberships(List.of());
        }
        return new Memberships(identity.bindings().stream().map(this::membership).filter(Objects::nonNull)
                .sorted(Comparator.comparing(Membership::workspaceName, Comparator.nullsLast(String::compareTo))
                        .thenComparing(Membership::workspaceId))
                .toList());
    }

    /** Null while the workspace directory has not yet seen the member (the same processor, a later event). */
    private Membership membership(IdentityDocument.Binding binding) {
        WorkspaceDocument workspace = mongo.findById(binding.workspaceId(), WorkspaceDocument.class);
        WorkspaceDocument.Member member = workspace == null || workspace.members() == null ? null
                : workspace.members().get(binding.memberId());
        if (member == null) {
            return null;
        }
        return new Membership(workspace.id(), workspace.name(), binding.memberId(), member.email(),
                member.permissions(), Boolean.TRUE.equals(workspace.suspended()));
    }

    private void emit(String key) {
        updates.emit(FindMemberships.class,
                query -> key.equals(IdentityDocument.key(query.issuer(), query.subject())), memberships(key));
    }
}
