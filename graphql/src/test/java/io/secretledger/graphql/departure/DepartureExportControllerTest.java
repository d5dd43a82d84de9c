package io.secretledger.graphql.departure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.departure.DepartureChannel;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.api.departure.ExposureKind;
import io.secretledger.api.departure.FindDepartureExposures;
import io.secretledger.api.departure.RecordDepartureReportRead;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * ADR 0024, fail closed: the export is recorded in the workspace's audit log before its first byte, and when the
 * record cannot be stored nothing is exported; a refused export records nothing.
 */
class DepartureExportControllerTest {

    private static final String WORKSPACE = UUID.randomUUID().toString();
    private static final String OWNER = UUID.randomUUID().toString();
    private static final String LEAVER = UUID.randomUUID().toString();
    private static final DepartureExposure SEEN = new DepartureExposure("s-1:3", "s-1", "payment-api", "token", 1,
            Instant.parse("2026-11-23T10:15:30Z"), null, ExposureKind.REVEAL, "permission:VIEW_ALL", 1, true, false,
            false);

    private final QueryGateway queries = mock(QueryGateway.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final Callers callers = mock(Callers.class);
    private DepartureExportController controller;

    @BeforeEach
    void setUp() {
        controller = new DepartureExportController(queries, callers, new ObjectMapper().registerModule(
                new JavaTimeModule()), new DepartureReads(commands, queries));
        when(queries.query(any(FindDepartureExposures.class), eq(DepartureExposurePage.class)))
                .thenReturn(CompletableFuture.completedFuture(new DepartureExposurePage(null, List.of(SEEN), false)));
    }

    @Test
    void cannotExportAByteWhenTheReadCannotBeRecorded() {
        when(callers.current()).thenReturn(owner());
        when(commands.send(any())).thenReturn(CompletableFuture.failedFuture(new CommandExecutionException(
                "the event store is full", null, ErrorDetails.of(ErrorCode.UNAVAILABLE, null, "Try again"))));

        Exception failure = catchException(() -> controller.export(LEAVER, null, null, null));

        assertThat(failure).isNotNull();
        ResponseEntity<?> answer = controller.refused(failure);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(String.valueOf(answer.getBody())).doesNotContain("payment-api");
    }

    @Test
    void canRecordTheReadBeforeTheFirstByteAndAsTheOwner() throws Exception {
        when(callers.current()).thenReturn(owner());
        when(commands.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        ResponseEntity<StreamingResponseBody> answer = controller.export(LEAVER, "2026-11-01T00:00:00Z", null, null);

        ArgumentCaptor<RecordDepartureReportRead> recorded = ArgumentCaptor.forClass(RecordDepartureReportRead.class);
        verify(commands).send(recorded.capture());
        assertThat(recorded.getValue().workspaceId()).isEqualTo(WORKSPACE);
        assertThat(recorded.getValue().memberId()).isEqualTo(LEAVER);
        assertThat(recorded.getValue().from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(recorded.getValue().channel()).isEqualTo(DepartureChannel.NDJSON_EXPORT);
        assertThat(recorded.getValue().actor().id()).isEqualTo(OWNER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        answer.getBody().writeTo(out);
        assertThat(out.toString()).contains("\"fieldKey\":\"token\"").endsWith("\n");
    }

    @Test
    void canRecordAnOperatorUnderTheirOwnSubjectAfterCheckingTheWorkspace() throws Exception {
        Caller operator = new Caller(null, "op-1", "ops@msp.test", ActorType.MEMBER, true, null, false,
                new Identity("https://idp.test", "ops-subject", "ops@msp.test", true), null);
        when(callers.current()).thenReturn(operator);
        when(queries.query(any(FindWorkspaceSummary.class), eq(WorkspaceSummary.class)))
                .thenReturn(CompletableFuture.completedFuture(mock(WorkspaceSummary.class)));
        when(commands.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        controller.export(LEAVER, null, null, WORKSPACE);

        InOrder order = inOrder(queries, commands);
        order.verify(queries).query(any(FindWorkspaceSummary.class), eq(WorkspaceSummary.class));
        ArgumentCaptor<FindDepartureExposures> page = ArgumentCaptor.forClass(FindDepartureExposures.class);
        order.verify(queries).query(page.capture(), eq(DepartureExposurePage.class));
        ArgumentCaptor<RecordDepartureReportRead> recorded = ArgumentCaptor.forClass(RecordDepartureReportRead.class);
        order.verify(commands).send(recorded.capture());
        assertThat(page.getValue().operator()).isTrue();
        assertThat(page.getValue().workspaceId()).isEqualTo(WORKSPACE);
        assertThat(recorded.getValue().actor().type()).isEqualTo(ActorType.OPERATOR);
        assertThat(recorded.getValue().actor().id()).isEqualTo("ops-subject");
    }

    @Test
    void cannotRecordAnExportTheQuerySideRefused() {
        when(callers.current()).thenReturn(owner());
        when(queries.query(any(FindDepartureExposures.class), eq(DepartureExposurePage.class)))
                .thenReturn(CompletableFuture.completedFuture(DepartureExposurePage.refused(
                        ErrorDetails.of(ErrorCode.NOT_FOUND, "memberId", "No such member"))));

        Exception failure = catchException(() -> controller.export(LEAVER, null, null, null));

        assertThat(controller.refused(failure).getStatusCode().value()).isEqualTo(404);
        verify(commands, never()).send(any());
    }

    @Test
    void cannotRecordAnOperatorsExportOfAWorkspaceTheInstallationDoesNotHave() {
        when(callers.current()).thenReturn(new Caller(null, "op-1", "ops@msp.test", ActorType.MEMBER, true, null,
                false, null, null));
        when(queries.query(any(FindWorkspaceSummary.class), eq(WorkspaceSummary.class)))
                .thenReturn(CompletableFuture.completedFuture(null));

        Exception failure = catchException(() -> controller.export(LEAVER, null, null, WORKSPACE));

        ResponseEntity<?> answer = controller.refused(failure);
        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(String.valueOf(answer.getBody())).contains("workspaceId");
        verify(commands, never()).send(any());
    }

    private static Caller owner() {
        return new Caller(WORKSPACE, OWNER, "owner@acme.test", ActorType.MEMBER, false, null, false, null, null);
    }
}
