package io.secretledger.graphql.departure;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.api.departure.DepartureReport;
import io.secretledger.api.departure.DepartureSubject;
import io.secretledger.api.departure.FieldToRotate;
import io.secretledger.api.departure.FindDepartureExposures;
import io.secretledger.api.departure.FindDepartureReport;
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
 * account.
 */
@Controller
class DepartureController {

    private final QueryGateway queries;
    private final Pages pages;

    DepartureController(QueryGateway queries, Pages pages) {
        this.queries = queries;
        this.pages = pages;
    }

    /** The report as the schema shows it, with what its {@code exposures} need to ask for their pages. */
    record Report(String workspaceId, String viewerId, Instant from, Instant to, DepartureSubject subject,
                  long exposureCount, List<FieldToRotate> toRotate) {
    }

    /** The subject and range of a report, checked as both the query and the export take them. */
    record Request(String workspaceId, String viewerId, String subjectId, Instant from, Instant to) {

        static Request of(Caller caller, String memberId, Instant from, Instant to) {
            Caller who = Caller.require(caller);
            String subjectId = Ids.require(memberId, "memberId");
            if (from != null && to != null && !to.isAfter(from)) {
                throw new ApiException(ErrorCode.VALIDATION, "to", "`to` must come after `from`");
            }
            return new Request(who.workspaceId(), who.memberId(), subjectId, from, to);
        }

        FindDepartureExposures page(Instant afterAt, String afterId, int limit) {
            return new FindDepartureExposures(workspaceId, viewerId, subjectId, from, to, afterAt, afterId, limit);
        }
    }

    @QueryMapping
    CompletableFuture<Report> departureReport(@Argument String memberId, @Argument Instant from, @Argument Instant to,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Request request = Request.of(caller, memberId, from, to);
        return queries.query(new FindDepartureReport(request.workspaceId(), request.viewerId(), request.subjectId(),
                from, to), DepartureReport.class).thenApply(report -> {
                    if (report.refusal() != null) {
                        throw ApiException.of(report.refusal());
                    }
                    return new Report(request.workspaceId(), request.viewerId(), from, to, report.subject(),
                            report.exposureCount(), report.toRotate());
                });
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
        Request request = new Request(report.workspaceId(), report.viewerId(), report.subject().id(), report.from(),
                report.to());
        return queries.query(request.page(afterAt, afterId, limit), DepartureExposurePage.class).thenApply(page -> {
            if (page.refusal() != null) {
                throw ApiException.of(page.refusal());
            }
            List<DepartureExposure> exposures = page.exposures();
            return Window.from(exposures, index -> ScrollPosition.forward(Map.of(
                    "at", exposures.get(index).at().toString(), "id", exposures.get(index).id())), page.hasNext());
        });
    }
}
