package io.secretledger.query.integration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.secretledger.api.common.Actor;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.query.support.InMemoryMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrationProjectionTest {

    private final InMemoryMongo mongo = new InMemoryMongo();
    private final IntegrationProjection projection = new IntegrationProjection(mongo.template());
    private final Logger server = (Logger) LoggerFactory.getLogger("de.bwaldvogel.mongo");
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();

    @AfterEach
    void close() {
        server.detachAppender(serverLog);
        mongo.close();
    }

    @Test
    void canResetBeforeAnyIntegrationWasSavedWithoutAnErrorInTheStoresLog() {
        serverLog.start();
        server.addAppender(serverLog);

        projection.reset();

        assertThat(serverLog.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    @Test
    void canForgetEverySavedIntegrationOnReset() {
        projection.on(new IntegrationSaved("i-1", "ws", "CRM", "POST", "https://crm.example.com/hook", List.of(),
                "{}", null, List.of(), Actor.member("m-1", "m1@example.com")), 0);

        projection.reset();

        assertThat(mongo.template().getCollection(IntegrationProjection.COLLECTION).countDocuments()).isZero();
    }
}
