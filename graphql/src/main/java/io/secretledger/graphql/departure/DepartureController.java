package io.secretledger.graphql.departure;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.departure.DepartureChannel;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.api.departure.DepartureReport;
import io.secretledger.api.departure.DepartureSubject;
import io.secretledger.api.departure.FieldToRotate;
import io.secretledger.api.departure.FindDepartureExposures;
import io.secretledger.api.departure.FindDepartureReport;
import io.secretledger.api.departure.RecordDepartureReportRead;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The departing-member report: the summary (who, how many exposures, what to rotate) in one answer, the exposures
 * themselves a page at a time. Each part asks the query side again, which checks again that the caller owns the
 * account (or is an operator). Every answered report is recorded in the workspace's audit log before it is given
 * ({@link DepartureReads}); its pages are part of that read and are not recorded again.
 */
@Controller
class DepartureController {

    private final QueryGateway queries;
    private final Pages pages;
    private final DepartureReads reads;

    DepartureController(QueryGateway queries, Pages pages, DepartureReads reads) {
        this.queries = queries;
        this.pages = pages;
        this.reads = reads;
    }

    /** The report as the schema shows it, with what its {@code exposures} need to ask for their pages. */
    record Report(Request request, DepartureSubject subject, long exposureCount, List<FieldToRotate> toRotate) {

        public Instant from() {
            return request.from();
        }

        public Instant to() {
            return request.to();
        }
    }

    /**
     * The workspace, subject and range of a report, checked as both the query and the export take them, and who asks:
     * an installation operator naming a workspace ({@code operator}; any workspace, ADR 0024), or a member of their
     * own workspace, the only one they may name. {@code reader} is who the audit log records.
     */
    record Request(String workspaceId, String viewerId, boolean operator, Actor reader, String subjectId,
                   Instant from, Instant to) {

        static Request of(Caller caller, String workspaceId, String memberId, Instant from, Instant to) {
            if (caller == null) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, null, "Sign in: send a bearer token");
            }
            String named = Ids.optional(workspaceId, "workspaceId");
            boolean operator = named != null && caller.operator();
            Caller who = operator ? caller : Caller.require(caller);
            if (named != null && !operator && !named.equals(who.workspaceId())) {
                // Not NOT_FOUND: that would tell a member which workspace ids exist.
                throw new ApiException(ErrorCode.FORBIDDEN, "workspaceId",
                        "Only the installation's operators read another workspace's departure reports");
            }
            String subjectId = Ids.require(memberId, "memberId");
            if (from != null && to != null && !to.isAfter(from)) {
                throw new ApiException(ErrorCode.VALIDATION, "to", "`to` must come after `from`");
            }
            return operator
                    ? new Request(named, null, true, caller.operatorActor(), subjectId, from, to)
                    : new Request(who.workspaceId(), who.memberId(), false, who.actor(), subjectId, from, to);
        }

        FindDepartureReport summary() {
            return new FindDepartureReport(workspaceId, viewerId, operator, subjectId, from, to);
        }

        FindDepartureExposures page(Instant afterAt, String afterId, int limit) {
            return new FindDepartureExposures(workspaceId, viewerId, operator, subjectId, from, to, afterAt, afterId,
                    limit);
        }

        RecordDepartureReportRead read(DepartureChannel channel) {
            return new RecordDepartureReportRead(workspaceId, subjectId, from, to, channel, reader);
        }
    }

    @QueryMapping
    CompletableFuture<Report> departureReport(@Argument String memberId, @Argument Instant from, @Argument Instant to,
            @Argument String workspaceId, @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Request request = Request.of(caller, workspaceId, memberId, from, to);
        // Checked first, so that a refused request records nothing; recorded before the answer is given.
        return reads.checked(request).thenCompose(checked -> queries.query(request.summary(), DepartureReport.class))
                .thenApply(report -> {
                    if (report.refusal() != null) {
                        throw ApiException.of(report.refusal());
                    }
                    return report;
                })
                .thenCompose(report -> reads.record(request, DepartureChannel.GRAPHQL).thenApply(recorded ->
                        new Report(request, report.subject(), report.exposureCount(), report.toRotate())));
    }

    @SchemaMapping(typeName = "DepartureReport", field = "exposures")
    CompletableFuture<Window<DepartureExposure>> exposures(Report report, ScrollSubrange subrange) {
        int limit = pages.size(subrange);
        Map<String, Object> after = pages.keysetAfter(subrange);
        Instant afterAt;
        try {
            afterAt = after.get("at") == null ? null : Instant.parse(String.valueOf(after.get("at")));
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.VALIDATION, "after", "Not a cursor of this list");
        }
        String afterId = after.get("id") == null ? null : String.valueOf(after.get("id"));
        return queries.query(report.request().page(afterAt, afterId, limit), DepartureExposurePage.class).thenApply(page -> {
            if (page.refusal() != null) {
                throw ApiException.of(page.refusal());
            }
            List<DepartureExposure> exposures = page.exposures();
            return Window.from(exposures, index -> ScrollPosition.forward(Map.of(
                    "at", exposures.get(index).at().toString(), "id", exposures.get(index).id())), page.hasNext());
        });
    }
}
