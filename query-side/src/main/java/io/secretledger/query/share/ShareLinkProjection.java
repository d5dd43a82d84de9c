package io.secretledger.query.share;

import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.share.CredentialRequested;
import io.secretledger.api.share.CredentialSubmitted;
import io.secretledger.api.share.FieldShared;
import io.secretledger.api.share.FindShareLinks;
import io.secretledger.api.share.ShareLinkKind;
import io.secretledger.api.share.ShareLinkList;
import io.secretledger.api.share.ShareLinkRevoked;
import io.secretledger.api.share.ShareLinkView;
import io.secretledger.api.share.SharedFieldViewed;
import io.secretledger.query.secret.SecretReadAccess;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A secret's share links and credential requests (issue 21), for the members who may reveal it. Each event sets
 * what it says (idempotent under redelivery); the field's later versions and the secret's deletion mark the share
 * links they killed, as the command side decides at each view.
 */
@Component
@ProcessingGroup("share-links")
class ShareLinkProjection {

    private final MongoTemplate mongo;
    private final SecretReadAccess secrets;

    ShareLinkProjection(MongoTemplate mongo, SecretReadAccess secrets) {
        this.mongo = mongo;
        this.secrets = secrets;
    }

    @EventHandler
    void on(FieldShared event, @Timestamp Instant at) {
        mongo.findAndReplace(query(where("_id").is(event.linkId())), new ShareLinkDocument(event.linkId(),
                ShareLinkKind.SHARE, event.workspaceId(), event.secretId(), event.fieldKey(), event.fieldVersion(),
                event.contactId(), event.ticketId(), event.actor().displayName(), event.actor().id(), at,
                event.expiresAt(), event.maxViews(), event.maxViews(), event.requireCode(), false, false, false,
                null, null), FindAndReplaceOptions.options().upsert());
    }

    @EventHandler
    void on(CredentialRequested event, @Timestamp Instant at) {
        mongo.findAndReplace(query(where("_id").is(event.linkId())), new ShareLinkDocument(event.linkId(),
                ShareLinkKind.COLLECT, event.workspaceId(), event.secretId(), event.fieldKey(), null,
                event.contactId(), event.ticketId(), event.actor().displayName(), event.actor().id(), at,
                event.expiresAt(), 1, 1, false, false, false, false, null, null),
                FindAndReplaceOptions.options().upsert());
    }

    @EventHandler
    void on(SharedFieldViewed event) {
        set(event.linkId(), new Update().set("viewsLeft", event.viewsLeft()));
    }

    @EventHandler
    void on(ShareLinkRevoked event) {
        set(event.linkId(), new Update().set("revoked", true));
    }

    @EventHandler
    void on(CredentialSubmitted event, @Timestamp Instant at) {
        set(event.linkId(), new Update().set("submittedVersion", event.fieldVersion()).set("submittedAt", at)
                .set("viewsLeft", 0));
    }

    @EventHandler
    void on(SecretEdited event) {
        event.values().forEach(value -> changed(event.secretId(), value));
    }

    @EventHandler
    void on(SecretFieldRolledBack event) {
        changed(event.secretId(), event.value());
    }

    /** A deletion ends the secret's links and requests for good: a restore does not bring them back (ShareRules). */
    @EventHandler
    void on(SecretDeleted event) {
        gone(event.secretId(), true);
    }

    @EventHandler
    void on(SecretPurged event) {
        gone(event.secretId(), true);
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), ShareLinkDocument.class);
    }

    @QueryHandler
    ShareLinkList handle(FindShareLinks query) {
        if (!secrets.canView(query.workspaceId(), query.viewerId(), query.secretId())) {
            return new ShareLinkList(List.of());
        }
        Instant now = Instant.now();
        return new ShareLinkList(mongo.find(query(where("secretId").is(query.secretId())
                        .and("workspaceId").is(query.workspaceId())).with(Sort.by(Sort.Direction.DESC, "createdAt")),
                ShareLinkDocument.class).stream().map(link -> new ShareLinkView(link.id(), link.kind(),
                link.secretId(), link.fieldKey(), link.contactId(), link.ticketId(), link.createdBy(),
                link.createdAt(), link.expiresAt(), link.maxViews(), link.viewsLeft(),
                Boolean.TRUE.equals(link.requireCode()), link.statusAt(now), link.submittedVersion(),
                link.submittedAt())).toList());
    }

    private void changed(String secretId, FieldValue value) {
        mongo.updateMulti(query(where("secretId").is(secretId).and("fieldKey").is(value.key())
                        .and("kind").is(ShareLinkKind.SHARE).and("fieldVersion").lt(value.version())),
                new Update().set("fieldChanged", true), ShareLinkDocument.class);
    }

    private void gone(String secretId, boolean gone) {
        mongo.updateMulti(query(where("secretId").is(secretId)), new Update().set("secretGone", gone),
                ShareLinkDocument.class);
    }

    private void set(String linkId, Update update) {
        mongo.updateFirst(query(where("_id").is(linkId)), update, ShareLinkDocument.class);
    }
}
