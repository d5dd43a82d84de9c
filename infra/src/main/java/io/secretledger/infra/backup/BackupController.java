package io.secretledger.infra.backup;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.error.HttpErrors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.Map;

/**
 * {@code POST /backup}: the running service's backup as a zip, for operators (a token with {@code sl_operator}),
 * one at a time; {@code java -jar secretledger-exec.jar backup} calls it and checks what it receives.
 */
@RestController
@Profile("!axonserver")
class BackupController {

    static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final Backups backups;
    private final Callers callers;

    BackupController(Backups backups, Callers callers) {
        this.backups = backups;
        this.callers = callers;
    }

    @PostMapping("/backup")
    ResponseEntity<StreamingResponseBody> backup() {
        Caller.requireOperator(callers.current(), "Backups");
        // Refused before the first byte, so that the status can still say so.
        backups.acquire();
        StreamingResponseBody body = out -> {
            try {
                backups.writeTo(out);
            } finally {
                backups.release();
            }
        };
        return ResponseEntity.ok().contentType(ZIP).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("secretledger-backup.zip").build().toString())
                .body(body);
    }

    @ExceptionHandler(Backups.AlreadyRunning.class)
    ResponseEntity<Map<String, Object>> busy(Backups.AlreadyRunning failure) {
        return HttpErrors.of(ErrorDetails.of(ErrorCode.CONFLICT, null, failure.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> refused(Exception failure) {
        return HttpErrors.of(failure);
    }
}
