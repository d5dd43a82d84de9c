package io.secretledger.query.ticket;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.Set;

/** A ticket for the read side's access checks; {@code closed} is null (open) in documents written before it. */
@Document("tickets")
public record TicketDocument(@Id String id, String workspaceId, String reference, Set<String> contactIds,
                             Set<String> memberIds, Boolean closed) {
}
