package io.secretledger.query.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.invitation.InvitationAccepted;
import io.secretledger.api.workspace.FindMemberships;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.Membership;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSuspended;
import io.secretledger.query.support.InMemoryMongo;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipProjectionTest {

    private static final String IDP = "https://idp.example";
    private static final Actor OPERATOR = Actor.member("op", "ops@msp.test");

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final MembershipProjection memberships = new MembershipProjection(mongo.template(),
            SimpleQueryUpdateEmitter.builder().build());
    private final WorkspaceProjection workspaces = new WorkspaceProjection(mongo.template(),
            SimpleQueryUpdateEmitter.builder().build(), memberships);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void canListEveryWorkspaceAPersonAcceptedAnInvitationToByName() {
        workspaces.on(new WorkspaceCreated("ws-g", "Globex", "o-g", "pat@msp.test", Set.of(Permission.ACCOUNT_OWNER),
                OPERATOR), Instant.EPOCH);
        workspaces.on(new WorkspaceCreated("ws-a", "Acme", "o-a", "boss@acme.test", Set.of(Permission.ACCOUNT_OWNER),
                OPERATOR), Instant.EPOCH);
        memberships.on(new InvitationAccepted("ws-g", "inv-1", "o-g", IDP, "pat", OPERATOR));
        memberships.on(new InvitationAccepted("ws-a", "inv-2", "m-a", IDP, "pat", OPERATOR));
        workspaces.on(new MemberAdded("ws-a", "m-a", "pat@msp.test", null, null, Set.of(Permission.VIEW_ALL),
                OPERATOR));
        workspaces.on(new WorkspaceSuspended("ws-g", "unpaid", OPERATOR));

        assertThat(memberships.handle(new FindMemberships(IDP, "pat")).memberships()).containsExactly(
                new Membership("ws-a", "Acme", "m-a", "pat@msp.test", Set.of(Permission.VIEW_ALL), false),
                new Membership("ws-g", "Globex", "o-g", "pat@msp.test", Set.of(Permission.ACCOUNT_OWNER), true));
        assertThat(memberships.handle(new FindMemberships("https://other.example", "pat")).memberships()).isEmpty();
        assertThat(memberships.handle(new FindMemberships(IDP, "someone-else")).memberships()).isEmpty();
    }

    @Test
    void canConvergeOnOneBindingWhenAnAcceptanceIsDeliveredTwice() {
        workspaces.on(new WorkspaceCreated("ws-a", "Acme", "o-a", "pat@msp.test", Set.of(Permission.ACCOUNT_OWNER),
                OPERATOR), Instant.EPOCH);
        InvitationAccepted accepted = new InvitationAccepted("ws-a", "inv-1", "o-a", IDP, "pat", OPERATOR);
        memberships.on(accepted);
        memberships.on(accepted);

        assertThat(memberships.handle(new FindMemberships(IDP, "pat")).memberships()).hasSize(1);
    }

    @Test
    void cannotListAWorkspaceThePersonWasRemovedFrom() {
        workspaces.on(new WorkspaceCreated("ws-a", "Acme", "o-a", "boss@acme.test", Set.of(Permission.ACCOUNT_OWNER),
                OPERATOR), Instant.EPOCH);
        memberships.on(new InvitationAccepted("ws-a", "inv-1", "m-a", IDP, "pat", OPERATOR));
        workspaces.on(new MemberAdded("ws-a", "m-a", "pat@msp.test", null, null, Set.of(Permission.VIEW_ALL),
                OPERATOR));
        MemberRemoved removed = new MemberRemoved("ws-a", "m-a", OPERATOR);
        workspaces.on(removed);
        memberships.on(removed);

        assertThat(memberships.handle(new FindMemberships(IDP, "pat")).memberships()).isEmpty();
    }

    @Test
    void canForgetEveryIdentityOnReset() {
        memberships.on(new InvitationAccepted("ws-a", "inv-1", "m-a", IDP, "pat", OPERATOR));

        memberships.reset();

        assertThat(mongo.template().getCollection("identities").countDocuments()).isZero();
    }
}
