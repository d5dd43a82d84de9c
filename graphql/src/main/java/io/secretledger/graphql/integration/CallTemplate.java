package io.secretledger.graphql.integration;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.integration.SecretReference;
import io.secretledger.graphql.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An outbound call as the integration wrote it, with {@code {{secret:name/field}}} placeholders in its headers and
 * body, checked before anything is authorized: one secret per call (seed 001), no placeholder in the URL (URLs
 * end up in logs and proxies), headers the HTTP client may send, a bounded body.
 */
record CallTemplate(String method, String url, List<Header> headers, String body, String secretName,
                    List<String> fieldKeys) {

    static final int MAX_BODY = 1 << 20;
    static final int MAX_HEADERS = 50;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers the transport sets itself (the JDK client refuses them) or that would change where the call goes. */
    private static final Set<String> RESERVED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "te", "transfer-encoding", "keep-alive", "proxy-authorization", "proxy-connection", "trailer");

    record Header(String name, String value) {
    }

    static CallTemplate parse(String method, String url, List<Header> headers, String body) {
        String verb = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw invalid("method", "One of GET, POST, PUT, PATCH, DELETE");
        }
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw invalid("url", "An absolute URL of at most 2048 characters");
        }
        if (url.contains("{{")) {
            throw invalid("url", "Secrets go into headers or the body, never into the URL");
        }
        List<Header> given = headers == null ? List.of() : headers;
        if (given.size() > MAX_HEADERS) {
            throw invalid("headers", "At most " + MAX_HEADERS + " headers");
        }
        for (int i = 0; i < given.size(); i++) {
            Header header = given.get(i);
            if (header.name() == null || !HEADER_NAME.matcher(header.name()).matches()
                    || RESERVED.contains(header.name().toLowerCase(Locale.ROOT))) {
                throw invalid("headers[" + i + "].name", "A header name the call may set");
            }
            if (header.value() == null || header.value().length() > 8192 || header.value().indexOf('\r') >= 0
                    || header.value().indexOf('\n') >= 0) {
                throw invalid("headers[" + i + "].value", "A single-line value of at most 8192 characters");
            }
        }
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY) {
            throw invalid("body", "At most 1 MiB");
        }
        Set<String> names = new LinkedHashSet<>();
        Set<String> fields = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>(given.stream().map(Header::value).toList());
        if (body != null) {
            texts.add(body);
        }
        for (String text : texts) {
            List<SecretReference> references = SecretReference.in(text);
            if (references == null) {
                throw invalid("request", "Write each placeholder as {{secret:name/field}}");
            }
            references.forEach(reference -> {
                names.add(reference.secretName());
                fields.add(reference.fieldKey());
            });
        }
        if (names.isEmpty()) {
            throw invalid("request", "Place a secret into a header or the body as {{secret:name/field}}");
        }
        if (names.size() > 1) {
            throw invalid("request", "A call carries fields of one secret");
        }
        return new CallTemplate(verb, url.strip(), List.copyOf(given), body, names.iterator().next(),
                List.copyOf(fields));
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION, field, message);
    }
}
