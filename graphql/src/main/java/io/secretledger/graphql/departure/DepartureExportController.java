package io.secretledger.graphql.departure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.departure.DepartureChannel;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.graphql.caller.Callers;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.error.HttpErrors;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The departure report's exposures as NDJSON over HTTP, beside the audit export and with the same bearer tokens:
 * one {@code DepartureExposure} object per line, oldest first, each with {@code stillCurrent}, so that
 * {@code jq 'select(.stillCurrent)'} is the list to rotate. Read a page at a time and written as it comes
 * (Jackson's {@link SequenceWriter}), never held whole. An operator names the workspace ({@code workspaceId}); each
 * export is recorded in that workspace's audit log before its first byte (ADR 0024).
 */
@RestController
class DepartureExportController {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final int PAGE = 200;
    /** How long one page may take to come from the query side. */
    private static final long PAGE_SECONDS = 30;

    private final QueryGateway queries;
    private final Callers callers;
    private final ObjectMapper json;
    private final DepartureReads reads;

    DepartureExportController(QueryGateway queries, Callers callers, ObjectMapper json, DepartureReads reads) {
        this.queries = queries;
        this.callers = callers;
        this.json = json;
        this.reads = reads;
    }

    @GetMapping("/departure/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String memberId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String workspaceId) throws Exception {
        DepartureController.Request request = DepartureController.Request.of(callers.current(), workspaceId,
                memberId, instant(from, "from"), instant(to, "to"));
        reads.checked(request).get(PAGE_SECONDS, TimeUnit.SECONDS);
        // The first page before the first byte, so that a refusal can still say so in the status.
        DepartureExposurePage first = page(request, null);
        if (first.refusal() != null) {
            throw ApiException.of(first.refusal());
        }
        // Recorded in the workspace's audit log before the first byte; not recorded, nothing is exported.
        reads.record(request, DepartureChannel.NDJSON_EXPORT).get(PAGE_SECONDS, TimeUnit.SECONDS);
        ObjectWriter writer = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .withRootValueSeparator("\n");
        StreamingResponseBody body = out -> {
            try (SequenceWriter lines = writer.writeValues(out)) {
                DepartureExposurePage page = first;
                while (true) {
                    for (DepartureExposure exposure : page.exposures()) {
                        lines.write(exposure);
                    }
                    if (!page.hasNext() || page.exposures().isEmpty()) {
                        break;
                    }
                    page = page(request, page.exposures().get(page.exposures().size() - 1));
                }
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                // The status is sent already: the export ends short, without its last line break.
                throw new IOException("The departure export stopped: " + e.getClass().getSimpleName());
            }
            if (!first.exposures().isEmpty()) {
                out.write('\n');
            }
            out.flush();
        };
        return ResponseEntity.ok().contentType(NDJSON).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("departure-" + request.subjectId() + ".ndjson").build().toString())
                .body(body);
    }

    private DepartureExposurePage page(DepartureController.Request request, DepartureExposure after)
            throws Exception {
        return queries.query(request.page(after == null ? null : after.at(), after == null ? null : after.id(), PAGE),
                DepartureExposurePage.class).get(PAGE_SECONDS, TimeUnit.SECONDS);
    }

    /** Parsed here rather than by Spring's conversion, so that a bad one is VALIDATION naming its parameter. */
    private static Instant instant(String text, String parameter) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.VALIDATION, parameter,
                    "Not an ISO-8601 instant, such as 2026-11-23T10:15:30Z");
        }
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> refused(Exception failure) {
        return HttpErrors.of(failure);
    }
}
