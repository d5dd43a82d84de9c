package io.secretledger.graphql.projection;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.projection.FindProjections;
import io.secretledger.api.projection.ProjectionStatus;
import io.secretledger.api.projection.RebuildProjection;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Projections of this process, for operators: their progress, and a rebuild from the event store. */
@Controller
class ProjectionController {

    private final CommandGateway commands;
    private final QueryGateway queries;

    ProjectionController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record RebuildProjectionInput(String name) {
    }

    @QueryMapping
    CompletableFuture<List<ProjectionStatus>> projections(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        operator(caller);
        return queries.query(new FindProjections(), ProjectionStatus.All.class).thenApply(ProjectionStatus.All::projections);
    }

    @MutationMapping
    CompletableFuture<ProjectionStatus> rebuildProjection(@Argument RebuildProjectionInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = operator(caller);
        if (input.name() == null || input.name().isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION, "name", "Name the projection to rebuild");
        }
        return commands.send(new RebuildProjection(input.name(), who.operatorActor()));
    }

    private static Caller operator(Caller caller) {
        return Caller.requireOperator(caller, "Projections");
    }
}
