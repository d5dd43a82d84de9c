package io.secretledger.command.template;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.template.TemplateCreated;
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

class TemplateTest {

    private FixtureConfiguration<Template> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Template.class)
                .registerInjectableResource(Fixtures.directory())
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static FieldDefinition text(String key, boolean sensitive) {
        return new FieldDefinition(key, "Label of " + key, FieldType.TEXT, true, sensitive, List.of());
    }

    @Test
    void canCreateATemplateWithATextAndASensitiveField() {
        List<FieldDefinition> fields = List.of(text("tenant", false), text("token", true));
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, " API key ", null, fields, OWNER))
                .expectEvents(new TemplateCreated("t-1", WORKSPACE, "API key", "", fields, OWNER));
    }

    @Test
    void cannotCreateATemplateWithoutFields() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "API key", null, List.of(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fields"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateATemplateWithDuplicateKeys() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "API key", null,
                        List.of(text("token", false), text("token", true)), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fields[1].key"))
                .expectNoEvents();
    }

    @Test
    void cannotMarkAFileFieldSensitive() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "Docs", null,
                        List.of(new FieldDefinition("contract", "Contract", FieldType.FILE, false, true, List.of())),
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fields[0].sensitive"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateAChoiceWithoutOptions() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "Env", null,
                        List.of(new FieldDefinition("env", "Environment", FieldType.CHOICE, true, false, List.of())),
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fields[0].options"))
                .expectNoEvents();
    }

    @Test
    void cannotGiveOptionsToATextField() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "Env", null,
                        List.of(new FieldDefinition("env", "Environment", FieldType.TEXT, true, false, List.of("a"))),
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fields[0].options"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateATemplateWithoutModifyAll() {
        fixture.givenNoPriorActivity()
                .when(new CreateTemplate("t-1", WORKSPACE, "API key", null, List.of(text("token", true)), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }
}
