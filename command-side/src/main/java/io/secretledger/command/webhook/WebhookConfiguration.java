package io.secretledger.command.webhook;

import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires the webhooks (docs/adr/0027). */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    WebhookSecrets webhookSecrets(FieldCipher cipher, KeyHierarchy keys) {
        return new WebhookSecrets(cipher, keys, new SecureRandom());
    }

    @Bean
    WebhookDestinations webhookDestinations(WorkspaceDirectory directory) {
        return new WebhookDestinations(directory, HostResolver.system());
    }

    @Bean
    WebhookTiming webhookTiming(
            @Value("${secretledger.webhooks.retry-delays:30s,2m,15m,1h}") List<Duration> retryDelays,
            @Value("${secretledger.webhooks.timeout:10s}") Duration timeout) {
        return new WebhookTiming(retryDelays, timeout);
    }

    @Bean
    HttpWebhookCourier httpWebhookCourier(WebhookDestinations destinations, WebhookSecrets secrets,
                                          WebhookTiming timing) {
        return new HttpWebhookCourier(destinations, secrets, timing, Clock.systemUTC());
    }

    /**
     * The dispatcher starts at the head of the event stream the first time it runs (an upgrade): changes made
     * before there were webhooks have no one to go to. It reads every event, so in batches.
     */
    @Autowired
    void dispatchFromTheHead(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessorConfiguration(WebhookDispatcher.PROCESSING_GROUP, configuration ->
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(50)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }

    /** A command the dispatcher or the courier could not send is retried (the processor backs off), not skipped. */
    @Autowired
    void retryDispatch(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(WebhookDispatcher.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        processing.registerListenerInvocationErrorHandler(WebhookCourier.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
