package io.secretledger.command.integration;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.integration.DeleteIntegration;
import io.secretledger.api.integration.HeaderTemplate;
import io.secretledger.api.integration.IntegrationDeleted;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.api.integration.SaveIntegration;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeds 003 and 004: configurations hold references to secrets, never values, and the references are known. */
class IntegrationTest {

    private static final List<HeaderTemplate> AUTH = List.of(new HeaderTemplate("Authorization",
            "Bearer {{secret:payment-api-key/token}}"));
    private static final IntegrationSaved SAVED = new IntegrationSaved("int-1", WORKSPACE, "Billing webhook", "POST",
            "https://api.payments.example/v1", AUTH, null, "production-aes-key/key",
            List.of("payment-api-key", "production-aes-key"), OWNER);

    private FixtureConfiguration<Integration> fixture;
    private final Fixtures.References references = new Fixtures.References();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Integration.class)
                .registerInjectableResource(Fixtures.directory())
                .registerInjectableResource(new Fixtures.Names().with(WORKSPACE, "payment-api-key", "s-1")
                        .with(WORKSPACE, "production-aes-key", "s-2"))
                .registerInjectableResource(references)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static SaveIntegration save(String keyRef, String body) {
        return new SaveIntegration("int-1", WORKSPACE, " Billing webhook ", "post", "https://api.payments.example/v1",
                AUTH, body, keyRef, OWNER);
    }

    @Test
    void canSaveAConfigurationThatRefersToSecretsAndRecordsTheReferences() {
        fixture.givenNoPriorActivity()
                .when(save("production-aes-key/key", null))
                .expectEvents(SAVED);
        assertThat(references.referrers(WORKSPACE, "payment-api-key")).containsExactly("Billing webhook");
        assertThat(references.referrers(WORKSPACE, "production-aes-key")).containsExactly("Billing webhook");
    }

    @Test
    void cannotEnterAKeyDirectlyOrReferToAnUnknownSecretOrPutASecretInTheUrl() {
        fixture.givenNoPriorActivity()
                .when(save("q9Jx0mJ3v2vY8h7T1cJ4w9Zk3pLr6sA2", null))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "encryptionKeyRef"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(save(null, "{\"k\": \"{{secret:nobody/token}}\"}"))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "request"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new SaveIntegration("int-1", WORKSPACE, "x", "GET",
                        "https://api.payments.example/?k={{secret:payment-api-key/token}}", List.of(), null, null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "url"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(save(null, "{{secret:payment-api-key}}"))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "body"))
                .expectNoEvents();
    }

    @Test
    void cannotConfigureWithoutModifyAll() {
        fixture.givenNoPriorActivity()
                .when(new SaveIntegration("int-1", WORKSPACE, "x", "GET", "https://api.payments.example/", AUTH,
                        null, null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canDeleteAConfiguration() {
        fixture.given(SAVED)
                .when(new DeleteIntegration("int-1", WORKSPACE, OWNER))
                .expectEvents(new IntegrationDeleted("int-1", WORKSPACE, "Billing webhook", OWNER));
    }
}
