package io.secretledger.command.template;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.template.AddTemplateField;
import io.secretledger.api.template.ArchiveTemplate;
import io.secretledger.api.template.ChangeTemplateDetails;
import io.secretledger.api.template.ChangeTemplateField;
import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.RemoveTemplateField;
import io.secretledger.api.template.ReorderTemplateFields;
import io.secretledger.api.template.TemplateArchived;
import io.secretledger.api.template.TemplateDescribed;
import io.secretledger.api.template.TemplateFieldAdded;
import io.secretledger.api.template.TemplateFieldChanged;
import io.secretledger.api.template.TemplateFieldRemoved;
import io.secretledger.api.template.TemplateFieldsReordered;
import io.secretledger.api.template.TemplateRestored;
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

    private static TemplateCreated created() {
        return new TemplateCreated("t-1", WORKSPACE, "API key", "", List.of(text("tenant", false), text("token", true)),
                OWNER);
    }

    @Test
    void renamesAndDescribesOnlyWhatChanged() {
        fixture.given(created())
                .when(new ChangeTemplateDetails("t-1", WORKSPACE, "API key", " For payment providers ", OWNER))
                .expectEvents(new TemplateDescribed("t-1", WORKSPACE, "For payment providers", OWNER))
                .expectResultMessagePayload(1L);
    }

    @Test
    void addsAFieldWhereAsked() {
        FieldDefinition region = new FieldDefinition("region", "Region", FieldType.CHOICE, false, false,
                List.of("eu", "us"));
        fixture.given(created())
                .when(new AddTemplateField("t-1", WORKSPACE, region, 0, OWNER))
                .expectEvents(new TemplateFieldAdded("t-1", WORKSPACE, region, 0, OWNER));
    }

    @Test
    void aRemovedKeyIsNeverUsedAgain() {
        fixture.given(created(), new TemplateFieldRemoved("t-1", WORKSPACE, "tenant", OWNER))
                .when(new AddTemplateField("t-1", WORKSPACE, text("tenant", true), null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "field.key"))
                .expectNoEvents();
    }

    @Test
    void anAddedFieldFollowsTheFieldRules() {
        fixture.given(created())
                .when(new AddTemplateField("t-1", WORKSPACE, text("token", false), 7, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "field.key"))
                .expectNoEvents();
    }

    @Test
    void changesAFieldsLabelAndRequiredFlagButNeverItsType() {
        FieldDefinition relabelled = new FieldDefinition("tenant", "Tenant id", FieldType.TEXT, false, false, List.of());
        fixture.given(created())
                .when(new ChangeTemplateField("t-1", WORKSPACE, relabelled, OWNER))
                .expectEvents(new TemplateFieldChanged("t-1", WORKSPACE, relabelled, OWNER));
        fixture.given(created())
                .when(new ChangeTemplateField("t-1", WORKSPACE,
                        new FieldDefinition("tenant", "Tenant", FieldType.MESSAGE, true, false, List.of()), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "field.type"))
                .expectNoEvents();
        fixture.given(created())
                .when(new ChangeTemplateField("t-1", WORKSPACE, text("nope", false), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "field.key"))
                .expectNoEvents();
    }

    @Test
    void removesAFieldButNeverTheLastOne() {
        fixture.given(created())
                .when(new RemoveTemplateField("t-1", WORKSPACE, "tenant", OWNER))
                .expectEvents(new TemplateFieldRemoved("t-1", WORKSPACE, "tenant", OWNER));
        fixture.given(created(), new TemplateFieldRemoved("t-1", WORKSPACE, "tenant", OWNER))
                .when(new RemoveTemplateField("t-1", WORKSPACE, "token", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "key"))
                .expectNoEvents();
    }

    @Test
    void reordersWithEveryKeyOnce() {
        fixture.given(created())
                .when(new ReorderTemplateFields("t-1", WORKSPACE, List.of("token", "tenant"), OWNER))
                .expectEvents(new TemplateFieldsReordered("t-1", WORKSPACE, List.of("token", "tenant"), OWNER));
        fixture.given(created())
                .when(new ReorderTemplateFields("t-1", WORKSPACE, List.of("token", "token"), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "keys"))
                .expectNoEvents();
    }

    @Test
    void archivesAndRestores() {
        fixture.given(created())
                .when(new ArchiveTemplate("t-1", WORKSPACE, true, OWNER))
                .expectEvents(new TemplateArchived("t-1", WORKSPACE, OWNER));
        fixture.given(created(), new TemplateArchived("t-1", WORKSPACE, OWNER))
                .when(new ArchiveTemplate("t-1", WORKSPACE, false, OWNER))
                .expectEvents(new TemplateRestored("t-1", WORKSPACE, OWNER));
        fixture.given(created(), new TemplateArchived("t-1", WORKSPACE, OWNER))
                .when(new ArchiveTemplate("t-1", WORKSPACE, true, OWNER))
                .expectNoEvents();
    }

    @Test
    void editingNeedsModifyAllAndTheSameWorkspace() {
        fixture.given(created())
                .when(new RemoveTemplateField("t-1", WORKSPACE, "tenant", VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.given(created())
                .when(new RemoveTemplateField("t-1", "other-workspace", "tenant", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }
}
