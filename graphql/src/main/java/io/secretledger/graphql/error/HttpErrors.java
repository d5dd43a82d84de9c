package io.secretledger.graphql.error;

import io.secretledger.api.common.ErrorDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.LinkedHashMap;
import java.util.Map;

/** Errors of the plain HTTP endpoints beside GraphQL: the same stable codes, as a JSON body with its status. */
public final class HttpErrors {

    private HttpErrors() {
    }

    public static ResponseEntity<Map<String, Object>> of(Exception failure) {
        return of(failure instanceof ApiException api ? api.details() : Failures.detailsOf(failure));
    }

    public static ResponseEntity<Map<String, Object>> of(ErrorDetails details) {
        HttpStatus status = switch (details.code()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, VERIFICATION_REQUIRED, VERIFICATION_FAILED, EGRESS_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case VALIDATION, INVALID_TOTP -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTEGRITY, INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", details.code().name());
        if (details.field() != null) {
            body.put("field", details.field());
        }
        body.put("message", details.message());
        if (!details.violations().isEmpty()) {
            body.put("violations", details.violations());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
