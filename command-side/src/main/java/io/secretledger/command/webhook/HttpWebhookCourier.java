package io.secretledger.command.webhook;

import io.secretledger.api.webhook.WebhookAttemptDue;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.integration.EgressPolicy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Makes one attempt, outside any aggregate: checks the destination against the allowlist again (the name may point
 * elsewhere now), signs the body the Standard Webhooks way ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}) and posts it, following no redirect,
 * within the time limit. What it answers holds no value: a status, or why there was none.
 */
public class HttpWebhookCourier {

    private final WebhookDestinations destinations;
    private final WebhookSecrets secrets;
    private final HttpClient client;
    private final WebhookTiming timing;
    private final Clock clock;

    public HttpWebhookCourier(WebhookDestinations destinations, WebhookSecrets secrets, WebhookTiming timing,
                              Clock clock) {
        this.destinations = destinations;
        this.secrets = secrets;
        this.timing = timing;
        this.clock = clock;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timing.timeout()).build();
    }

    /** An attempt's outcome: delivered on a 2xx answer. */
    public record Outcome(boolean delivered, Integer status, String error) {
    }

    public Outcome deliver(WebhookAttemptDue due) {
        EgressPolicy.Destination destination;
        try {
            destination = destinations.check(due.workspaceId(), due.url());
        } catch (DomainException e) {
            return new Outcome(false, null, "refused: " + e.details().code() + " (" + e.getMessage() + ")");
        }
        byte[] key;
        try {
            key = secrets.signingKey(due.workspaceId(), due.webhookId(), due.secretVersion(), due.signingSecret());
        } catch (DomainException e) {
            return new Outcome(false, null, "not sent: the webhook's signing secret is gone");
        }
        URI uri = URI.create(due.url().strip());
        if (!sameAddresses(destination.host(), destination.addresses())) {
            return new Outcome(false, null, "refused: the destination's address changed after it was checked");
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = "v1," + sign(key, due.deliveryId() + "." + timestamp + "." + due.body());
        Arrays.fill(key, (byte) 0);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timing.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "SecretLedger-Webhooks/1")
                .header("webhook-id", due.deliveryId())
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(due.body(), StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Outcome(true, status, null)
                    : new Outcome(false, status, status >= 300 && status < 400 ? "redirect not followed" : null);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(false, null, "timeout");
        } catch (IOException e) {
            return new Outcome(false, null, "no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, "interrupted");
        }
    }

    static String sign(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The HTTP client resolves the host again (from the same JVM cache): it must find the addresses checked. */
    private static boolean sameAddresses(String host, List<InetAddress> checked) {
        try {
            List<String> allowed = checked.stream().map(InetAddress::getHostAddress).toList();
            return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress)
                    .allMatch(allowed::contains);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
