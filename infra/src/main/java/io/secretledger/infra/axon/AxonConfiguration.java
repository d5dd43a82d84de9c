package io.secretledger.infra.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;


/**
 * Axon wiring common to both profiles: Jackson for every message (records serialize as they are), the
 * tracking-token store in MongoDB next to the projections.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer(ObjectMapper objectMapper) {
        return JacksonSerializer.builder().objectMapper(objectMapper.copy()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper) {
        return JacksonSerializer.builder().objectMapper(objectMapper.copy()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(ObjectMapper objectMapper) {
        return JacksonSerializer.builder().objectMapper(objectMapper.copy()).build();
    }

    /**
     * Projections are idempotent, so the token store needs no transaction shared with them (see ADR 0002); it
     * stores a batch's token after the batch's handlers (see {@link TokensAfterHandlers}).
     */
    @Bean
    TokenStore tokenStore(MongoClient mongoClient, Serializer serializer,
                          @Value("${spring.data.mongodb.database:secretledger}") String database) {
        return new TokensAfterHandlers(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongoClient, database).build())
                .serializer(serializer)
                .build());
    }

    /** Outside the embedded profile, ask the event store itself (Axon Server) whether it holds events. */
    @Bean
    @Profile("axonserver")
    StoredEvents storedEventsInEventStore(EventStore eventStore) {
        return () -> {
            TrackingToken head = eventStore.createHeadToken();
            return head != null && head.position().orElse(-1L) >= 0;
        };
    }
}
