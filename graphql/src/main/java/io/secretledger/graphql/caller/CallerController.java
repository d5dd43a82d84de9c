package io.secretledger.graphql.caller;

import io.secretledger.api.workspace.FindWorkspace;
import io.secretledger.api.workspace.Membership;
import io.secretledger.api.workspace.Memberships;
import io.secretledger.api.workspace.WorkspaceView;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.concurrent.CompletableFuture;

@Controller
class CallerController {

    private final Callers callers;
    private final QueryGateway queries;

    CallerController(Callers callers, QueryGateway queries) {
        this.callers = callers;
        this.queries = queries;
    }

    /** Answers a signed-in person whose request chose no workspace too, so that they can list their memberships. */
    @QueryMapping
    Caller me(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return caller != null && caller.workspaceId() == null ? caller : Caller.require(caller);
    }

    @SchemaMapping(typeName = "Caller", field = "issuer")
    String issuer(Caller caller) {
        return caller.identity() == null ? null : caller.identity().issuer();
    }

    @SchemaMapping(typeName = "Caller", field = "subject")
    String subject(Caller caller) {
        return caller.identity() == null ? null : caller.identity().subject();
    }

    /**
     * A provider's person: every workspace they accepted an invitation to. A local token is one membership, its own:
     * the local issuer makes a token per membership. A service account or an operator-only token has none.
     */
    @SchemaMapping(typeName = "Caller", field = "memberships")
    CompletableFuture<List<Membership>> memberships(Caller caller) {
        Memberships memberships = callers.membershipsOf(caller);
        if (memberships != null) {
            return CompletableFuture.completedFuture(memberships.memberships());
        }
        if (caller.workspaceId() == null || caller.type() != io.secretledger.api.common.ActorType.MEMBER) {
            return CompletableFuture.completedFuture(List.of());
        }
        return queries.query(new FindWorkspace(caller.workspaceId()), WorkspaceView.class).thenApply(view ->
                view == null ? List.<Membership>of() : view.members().stream()
                        .filter(member -> member.id().equals(caller.memberId()))
                        .map(member -> new Membership(view.id(), view.name(), member.id(), member.email(),
                                member.permissions(), caller.suspended()))
                        .toList());
    }
}
