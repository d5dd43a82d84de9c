package io.secretledger.graphql.audit;

import io.secretledger.api.audit.AuditFilter;
import io.secretledger.api.audit.AuditLines;
import io.secretledger.api.audit.AuditPage;
import io.secretledger.api.audit.FindAuditEntries;
import io.secretledger.api.audit.StreamAuditEntries;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.error.HttpErrors;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.Map;

/**
 * The audit log as NDJSON over HTTP, with the same bearer tokens and filters as {@code auditLog}: one entry per
 * line, oldest first, streamed from the projection store as it is written (a bounded prefetch of runs of lines,
 * never the whole export in memory), so a year's log costs the same memory as a day's.
 */
@RestController
class AuditExportController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    /** Runs of a few hundred entries each fetched ahead of the socket. */
    private static final int PREFETCH = 4;

    private final QueryGateway queries;
    private final Callers callers;

    AuditExportController(QueryGateway queries, Callers callers) {
        this.queries = queries;
        this.callers = callers;
    }

    @GetMapping(value = "/audit/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String actorId,
            @RequestParam(required = false) String secretId, @RequestParam(required = false) String action,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        Caller who = Caller.require(callers.current());
        AuditFilter filter = new AuditController.AuditFilterInput(actorId, secretId, action, from, to).toQuery();
        // Refused before the first byte, so that the status can still say so.
        if (queries.query(new FindAuditEntries(who.workspaceId(), who.memberId(), filter, null, 1), AuditPage.class)
                .join() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, null, "Only account owners read the audit log");
        }
        StreamingResponseBody body = out -> {
            Flux<AuditLines> runs = Flux.from(queries.streamingQuery(
                    new StreamAuditEntries(who.workspaceId(), who.memberId(), filter), AuditLines.class));
            // The lines come as the log stores them, in the export's form: copied, not decoded and encoded again.
            for (AuditLines run : runs.toIterable(PREFETCH)) {
                out.write(run.ndjson());
            }
            out.flush();
        };
        return ResponseEntity.ok().contentType(NDJSON).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("audit.ndjson")
                        .build().toString())
                .body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException failure) {
        return HttpErrors.of(ErrorDetails.of(ErrorCode.VALIDATION, failure.getName(),
                "Not an ISO-8601 instant, such as 2026-11-23T10:15:30Z"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> refused(Exception failure) {
        return HttpErrors.of(failure);
    }
}
