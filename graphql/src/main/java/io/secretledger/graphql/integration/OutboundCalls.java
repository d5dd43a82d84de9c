package io.secretledger.graphql.integration;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.integration.SecretReference;
import io.secretledger.graphql.error.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Makes an authorized call: never follows a redirect (the next host was not checked), reaches only the addresses
 * the destination was checked at, and reads at most 1 MiB of the answer.
 */
@Component
class OutboundCalls {

    static final int MAX_RESPONSE = 1 << 20;

    private final HttpClient client;
    private final Duration timeout;

    OutboundCalls(@Value("${secretledger.integrations.timeout:10s}") Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
    }

    record Response(int status, List<CallTemplate.Header> headers, byte[] body) {
    }

    /** A call that got no answer: why, in words that hold no value. */
    static final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    Response send(CallTemplate call, Map<String, String> values, List<String> checkedAddresses) throws Failure {
        URI uri = URI.create(call.url());
        requireCheckedAddresses(uri.getHost(), checkedAddresses);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
            for (CallTemplate.Header header : call.headers()) {
                request.header(header.name(), SecretReference.fill(header.value(), values));
            }
            String body = SecretReference.fill(call.body(), values);
            request.method(call.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] content;
            try (InputStream stream = response.body()) {
                content = stream.readNBytes(MAX_RESPONSE);
            }
            List<CallTemplate.Header> headers = new ArrayList<>();
            response.headers().map().forEach((name, list) -> list.forEach(value ->
                    headers.add(new CallTemplate.Header(name, value))));
            return new Response(response.statusCode(), headers, content);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Failure("timeout");
        } catch (IOException e) {
            throw new Failure("no answer (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new Failure("the request could not be built (a value not allowed in a header)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /**
     * The host must still resolve to addresses that were checked against the allowlist when the call was
     * authorized (the client resolves it again, from the same JVM cache): a name re-pointed in between is refused.
     */
    private static void requireCheckedAddresses(String host, List<String> checked) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            boolean same = Arrays.stream(InetAddress.getAllByName(bare)).map(InetAddress::getHostAddress)
                    .allMatch(checked::contains);
            if (!same) {
                throw new ApiException(ErrorCode.EGRESS_DENIED, "url",
                        "The destination's address changed after it was checked");
            }
        } catch (UnknownHostException e) {
            throw new ApiException(ErrorCode.EGRESS_DENIED, "url", "The destination no longer resolves");
        }
    }
}
