package io.secretledger.query.ticket;

import io.secretledger.api.secret.WatchTicketPanel;
import io.secretledger.api.ticket.TicketRegistered;
import io.secretledger.api.ticket.TicketUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Tickets as the read side's access checks need them; each handler sets the state its event describes. */
@Component
@ProcessingGroup("ticket-directory")
class TicketProjection {

    private final MongoTemplate mongo;

    private final QueryUpdateEmitter updates;

    TicketProjection(MongoTemplate mongo, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.updates = updates;
    }

    @EventHandler
    void on(TicketRegistered event) {
        mongo.upsert(query(where("_id").is(event.ticketId())), new Update().set("workspaceId", event.workspaceId())
                .set("reference", event.reference()).set("contactIds", event.contactIds())
                .set("memberIds", event.memberIds()), TicketDocument.class);
    }

    @EventHandler
    void on(TicketUpdated event) {
        mongo.updateFirst(query(where("_id").is(event.ticketId())), new Update().set("contactIds", event.contactIds())
                .set("memberIds", event.memberIds()).set("closed", !event.open()), TicketDocument.class);
        updates.emit(WatchTicketPanel.class, watch -> watch.ticketId().equals(event.ticketId()), "ticket");
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), TicketDocument.class);
    }
}
