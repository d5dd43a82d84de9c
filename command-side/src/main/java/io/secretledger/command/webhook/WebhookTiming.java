package io.secretledger.command.webhook;

import java.time.Duration;
import java.util.List;

/**
 * The back-off between attempts (one more attempt than delays) and the time limit of one attempt
 * ({@code secretledger.webhooks.retry-delays}, {@code secretledger.webhooks.timeout}).
 */
public record WebhookTiming(List<Duration> retryDelays, Duration timeout) {

    public WebhookTiming {
        retryDelays = List.copyOf(retryDelays);
    }

    int attempts() {
        return retryDelays.size() + 1;
    }

    /** The delay after the failed attempt {@code attempt}, or null where it was the last. */
    Duration after(int attempt) {
        return attempt <= retryDelays.size() ? retryDelays.get(attempt - 1) : null;
    }
}
