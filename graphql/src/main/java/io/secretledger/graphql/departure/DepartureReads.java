package io.secretledger.graphql.departure;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.departure.DepartureChannel;
import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.graphql.error.ApiException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/**
 * What comes before a departure report is given, over GraphQL and as the export alike (ADR 0024): the workspace an
 * operator names must exist, and the read is recorded in that workspace's audit log (a {@code DepartureReportRead}
 * event on the Workspace aggregate) before anything of the report leaves. When the record cannot be stored, the
 * report is not given: the command's failure is the answer.
 */
@Component
class DepartureReads {

    private final CommandGateway commands;
    private final QueryGateway queries;

    DepartureReads(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** NOT_FOUND on {@code workspaceId} for an operator's workspace the installation does not have. */
    CompletableFuture<DepartureController.Request> checked(DepartureController.Request request) {
        if (!request.operator()) {
            return CompletableFuture.completedFuture(request);
        }
        return queries.query(new FindWorkspaceSummary(request.workspaceId()), WorkspaceSummary.class)
                .thenApply(summary -> {
                    if (summary == null) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "workspaceId", "No workspace has this id");
                    }
                    return request;
                });
    }

    /** Completes once the read is stored in the workspace's stream; fails (and nothing is to be given) otherwise. */
    CompletableFuture<Void> record(DepartureController.Request request, DepartureChannel channel) {
        return commands.send(request.read(channel)).thenApply(done -> null);
    }
}
