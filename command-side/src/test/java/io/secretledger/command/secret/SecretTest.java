package io.secretledger.command.secret;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.access.AccessRule;
import io.secretledger.api.access.AccessRulesChanged;
import io.secretledger.api.access.AssignmentChanged;
import io.secretledger.api.access.ChangeSecretAccess;
import io.secretledger.api.access.ChangeSecretRelations;
import io.secretledger.api.access.RelatedContactsChanged;
import io.secretledger.api.access.RelatedTicketsChanged;
import io.secretledger.api.access.ExplainAccess;
import io.secretledger.api.access.LinkSecretToTicket;
import io.secretledger.api.access.RuleType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.AttachSecretFile;
import io.secretledger.api.secret.ChangeSecretExpiration;
import io.secretledger.api.secret.DownloadSecretFile;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.secret.FileContent;
import io.secretledger.api.secret.FileRef;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretFileDownloaded;
import io.secretledger.api.secret.CreateSecret;
import io.secretledger.api.secret.DeleteSecret;
import io.secretledger.api.secret.GeneratorOptions;
import io.secretledger.api.secret.PurgeSecret;
import io.secretledger.api.secret.RestoreSecret;
import io.secretledger.api.secret.RollbackSecretField;
import io.secretledger.api.secret.SecretActivated;
import io.secretledger.api.secret.SecretDeactivated;
import io.secretledger.api.common.Permission;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretExpired;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.SetSecretActive;
import io.secretledger.api.secret.EditSecret;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.RevealSecretField;
import io.secretledger.api.secret.RevealedValue;
import io.secretledger.api.secret.SecretRevealRefused;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.secret.Visibility;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.AssociatedData;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.verification.VerificationDirectory;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.support.Fixtures;
import io.secretledger.command.template.TemplateDefinition;
import io.secretledger.policy.TicketState;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.secretledger.command.support.Fixtures.OTHER_WORKSPACE;
import static io.secretledger.command.support.Fixtures.OWNER;
import static io.secretledger.command.support.Fixtures.STRANGER;
import static io.secretledger.command.support.Fixtures.VIEWER;
import static io.secretledger.command.support.Fixtures.WORKSPACE;
import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class SecretTest {

    private static final String SECRET = "secret-1";
    private static final String TEMPLATE = "template-1";
    private static final List<FieldDefinition> LAYOUT = List.of(
            new FieldDefinition("tenant", "Tenant", FieldType.TEXT, true, false, List.of()),
            new FieldDefinition("token", "API token", FieldType.TEXT, true, true, List.of()),
            new FieldDefinition("region", "Region", FieldType.CHOICE, false, false, List.of("eu", "us")),
            new FieldDefinition("contract", "Contract", FieldType.FILE, false, false, List.of()));

    private FixtureConfiguration<Secret> fixture;
    private Fixtures.Directory directory;
    private FieldCipher cipher;
    private KeyHierarchy keys;
    private final Map<String, Instant> unlocked = new java.util.HashMap<>();
    private Fixtures.Tickets tickets;
    private final Fixtures.Names names = new Fixtures.Names();
    private final Fixtures.References references = new Fixtures.References();
    private final Map<String, EncryptedValue> blobs = new java.util.HashMap<>();
    private final FileVault vault = new FileVault() {
        @Override
        public void put(String blobId, EncryptedValue sealed) {
            blobs.put(blobId, sealed);
        }

        @Override
        public java.util.Optional<EncryptedValue> get(String blobId) {
            return java.util.Optional.ofNullable(blobs.get(blobId));
        }
    };

    private final Fixtures.Grants grants = new Fixtures.Grants();

    @BeforeEach
    void setUp() {
        directory = Fixtures.directory();
        keys = Fixtures.keys();
        cipher = Fixtures.cipher(keys);
        tickets = new Fixtures.Tickets()
                .with(new TicketState("ticket-1", WORKSPACE, Set.of("contact-acme"), Set.of(VIEWER.id())))
                .with(new TicketState("ticket-2", WORKSPACE, Set.of("contact-other"), Set.of()));
        fixture = new AggregateTestFixture<>(Secret.class)
                .registerInjectableResource(grants)
                .registerInjectableResource(directory)
                .registerInjectableResource(tickets)
                .registerInjectableResource(new Fixtures.Catalog()
                        .with(new TemplateDefinition(TEMPLATE, WORKSPACE, LAYOUT, false))
                        .with(new TemplateDefinition("foreign", OTHER_WORKSPACE, LAYOUT, false)))
                .registerInjectableResource(cipher)
                .registerInjectableResource(keys)
                .registerInjectableResource((VerificationDirectory) (ws, member) ->
                        java.util.Optional.ofNullable(unlocked.get(ws + "/" + member)))
                .registerInjectableResource(new ValueGenerator(new java.security.SecureRandom()))
                .registerInjectableResource(names)
                .registerInjectableResource(references)
                .registerInjectableResource(new FileRules(1024))
                .registerInjectableResource(vault)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    private static CreateSecret create(List<FieldInput> values) {
        return new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", "Payments", Visibility.MASKED, null,
                values, OWNER);
    }

    private static List<FieldInput> validValues() {
        return List.of(new FieldInput("tenant", new Plaintext("acme")),
                new FieldInput("token", new Plaintext("sk_live_123")));
    }

    private SecretCreated created(Visibility visibility) {
        return new SecretCreated(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", "Payments", visibility, null, LAYOUT,
                List.of(FieldValue.plain("tenant", 1, "acme"), FieldValue.sealed("token", 1,
                        cipher.encrypt(new Plaintext("sk_live_123"), new AssociatedData(WORKSPACE, SECRET, "token", 1)))),
                OWNER);
    }

    @Test
    void canCreateASecretWithItsSensitiveValueEncrypted() {
        fixture.givenNoPriorActivity()
                .when(create(validValues()))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    SecretCreated event = (SecretCreated) payload;
                    FieldValue token = event.values().stream().filter(v -> v.key().equals("token")).findFirst()
                            .orElseThrow();
                    String ciphertext = new String(token.encrypted().ciphertext(), StandardCharsets.ISO_8859_1);
                    return event.name().equals("payment-api-key") && token.text() == null
                            && !ciphertext.contains("sk_live_123")
                            && cipher.decrypt(token.encrypted(), new AssociatedData(WORKSPACE, SECRET, "token", 1))
                                    .value().equals("sk_live_123");
                }), andNoMore())));
    }

    @Test
    void cannotCreateFromAnEmptyFormAndIsToldEveryMissingField() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, null, null, null, null, null, null, OWNER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(matches(details -> {
                    var refusal = (io.secretledger.api.common.ErrorDetails) details;
                    return refusal.code() == ErrorCode.VALIDATION && refusal.violations().size() == 2
                            && refusal.violations().stream().anyMatch(v -> v.field().equals("name"))
                            && refusal.violations().stream().anyMatch(v -> v.field().equals("templateId"));
                }))
                .expectNoEvents();
    }

    @Test
    void cannotCreateFromAnUnknownTemplate() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, "nope", "a-name", null, null, null, validValues(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "templateId"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateFromATemplateOfAnotherWorkspace() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, "foreign", "a-name", null, null, null, validValues(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "templateId"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithoutARequiredField() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("token", new Plaintext("sk_live_123")))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.tenant"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithAValueForAnUnknownField() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")),
                        new FieldInput("token", new Plaintext("x")), new FieldInput("colour", new Plaintext("red")))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.colour"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithAChoiceOutsideItsOptions() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")),
                        new FieldInput("token", new Plaintext("x")), new FieldInput("region", new Plaintext("mars")))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.region"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithAnOversizedValue() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("a".repeat(SecretRules.MAX_TEXT + 1))),
                        new FieldInput("token", new Plaintext("x")))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.tenant"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithANameThatIsNotAReferenceSlug() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "Payment API key!", null, null, null,
                        validValues(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    @Test
    void cannotCreateWithoutAModifyPermission() {
        fixture.givenNoPriorActivity()
                .when(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", null, null, null,
                        validValues(), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canRevealASensitiveFieldAndRecordsItFirst() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-1", OWNER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "permission:ACCOUNT_OWNER", "ticket-1",
                        false, null, OWNER))
                .expectResultMessagePayloadMatching(matches(result -> result instanceof RevealedValue revealed
                        && revealed.value().value().equals("sk_live_123") && revealed.fieldVersion() == 1));
    }

    @Test
    void cannotRevealARestrictedSecret() {
        fixture.given(created(Visibility.RESTRICTED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, OWNER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotRevealAFieldThatIsNotSensitive() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "tenant", null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fieldKey"))
                .expectNoEvents();
    }

    @Test
    void cannotRevealAFieldThatDoesNotExist() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "password", null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "fieldKey"))
                .expectNoEvents();
    }

    @Test
    void cannotRevealWithoutAGrant() {
        directory.put(WORKSPACE, io.secretledger.api.workspace.WorkspaceSettings.of(true, true, false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, VIEWER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotRevealAfterTheMemberWasRemoved() {
        directory.remove(WORKSPACE, OWNER);
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, OWNER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
    }

    @Test
    void cannotReachASecretFromAnotherWorkspace() {
        directory.put(OTHER_WORKSPACE, STRANGER, io.secretledger.api.common.Permission.ACCOUNT_OWNER);
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, OTHER_WORKSPACE, "token", null, STRANGER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
    }

    @Test
    void cannotRevealAValueWhoseCiphertextWasTamperedWith() {
        SecretCreated original = created(Visibility.MASKED);
        FieldValue token = original.values().get(1);
        byte[] flipped = token.encrypted().ciphertext().clone();
        flipped[0] ^= 1;
        SecretCreated tampered = new SecretCreated(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", "Payments",
                Visibility.MASKED, null, LAYOUT, List.of(original.values().get(0), FieldValue.sealed("token", 1,
                new io.secretledger.api.secret.EncryptedValue(token.encrypted().keyId(), token.encrypted().nonce(),
                        flipped))), OWNER);
        fixture.given(tampered)
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.INTEGRITY, null))
                .expectNoEvents();
    }

    @Test
    void canEditValuesAndEachSensitiveChangeIsANewVersion() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, "New description",
                        List.of(new FieldInput("token", new Plaintext("rotated"))), OWNER))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(1L)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    SecretEdited edited = (SecretEdited) payload;
                    FieldValue token = edited.values().get(0);
                    return "New description".equals(edited.description()) && token.version() == 2
                            && cipher.decrypt(token.encrypted(), new AssociatedData(WORKSPACE, SECRET, "token", 2))
                                    .value().equals("rotated");
                }), andNoMore())));
    }

    @Test
    void canEditAfterOnlyRevealsHappenedSinceTheVersionRead() {
        fixture.given(created(Visibility.MASKED),
                        new SecretRevealed(SECRET, WORKSPACE, "token", 1, "permission:ACCOUNT_OWNER", null, false, null, OWNER))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null,
                        List.of(new FieldInput("tenant", new Plaintext("globex"))), OWNER))
                .expectEvents(new SecretEdited(SECRET, WORKSPACE, null, List.of(FieldValue.plain("tenant", 2, "globex")),
                        OWNER));
    }

    @Test
    void cannotEditOverAChangeMadeSinceTheVersionRead() {
        fixture.given(created(Visibility.MASKED),
                        new SecretEdited(SECRET, WORKSPACE, "changed by someone else", List.of(), OWNER))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null,
                        List.of(new FieldInput("tenant", new Plaintext("globex"))), OWNER))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(matches(details -> details instanceof io.secretledger.api.common.ErrorDetails d
                        && d.code() == ErrorCode.CONFLICT && Long.valueOf(1L).equals(d.currentVersion())))
                .expectNoEvents();
    }

    @Test
    void cannotClearARequiredField() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null, List.of(new FieldInput("tenant", new Plaintext(""))),
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.tenant"))
                .expectNoEvents();
    }

    @Test
    void cannotEditWithoutAModifyPermission() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, "x", List.of(), VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void editingNothingRecordsNothing() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null,
                        List.of(new FieldInput("tenant", new Plaintext("acme"))), OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }


    @Test
    void canAssignMembersAndSetRules() {
        List<AccessRule> rules = List.of(new AccessRule("ops", RuleType.MEMBER_DIVISION_MATCHES, "Ops*"));
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretAccess(SECRET, WORKSPACE, Set.of(VIEWER.id()), rules, OWNER))
                .expectEvents(new AssignmentChanged(SECRET, WORKSPACE, Set.of(VIEWER.id()), OWNER),
                        new AccessRulesChanged(SECRET, WORKSPACE, rules, OWNER));
    }

    @Test
    void cannotAssignSomeoneWhoIsNotAMember() {
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretAccess(SECRET, WORKSPACE, Set.of(STRANGER.id()), null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "assignedMemberIds"))
                .expectNoEvents();
    }

    @Test
    void cannotSetARuleWithAnInvalidPattern() {
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretAccess(SECRET, WORKSPACE, null,
                        List.of(new AccessRule("r", RuleType.MEMBER_TITLE_MATCHES, "re:[")), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "rules[0].pattern"))
                .expectNoEvents();
    }

    @Test
    void cannotChangeWhoReachesASecretWithoutModifyAll() {
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretAccess(SECRET, WORKSPACE, Set.of(VIEWER.id()), null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canRevealThroughAnAssignmentInARestrictedWorkspace() {
        directory.put(WORKSPACE, io.secretledger.api.workspace.WorkspaceSettings.of(true, true, false));
        fixture.given(created(Visibility.MASKED), new AssignmentChanged(SECRET, WORKSPACE, Set.of(VIEWER.id()), OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "assignment", null, false, null, VIEWER));
    }

    @Test
    void canExplainTheirOwnAccessButNotAnothersWithoutModifyAll() {
        fixture.given(created(Visibility.MASKED))
                .when(new ExplainAccess(SECRET, WORKSPACE, OWNER.id(), null, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new ExplainAccess(SECRET, WORKSPACE, VIEWER.id(), null, VIEWER))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(result -> result instanceof AccessDecision decision
                        && decision.canView() && !decision.canModify()
                        && decision.viewGrants().get(0).name().equals("workspace:unrestricted")));
    }

    @Test
    void canRevealOnATicketTheMemberCanAccessUnderACurrentTicketRule() {
        directory.put(WORKSPACE, io.secretledger.api.workspace.WorkspaceSettings.of(true, true, false));
        fixture.given(created(Visibility.MASKED), new AccessRulesChanged(SECRET, WORKSPACE,
                        List.of(new AccessRule("on-ticket", RuleType.CAN_ACCESS_CURRENT_TICKET, null)), OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-1", VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "rule:on-ticket", "ticket-1", false, null, VIEWER));
    }

    @Test
    void cannotRevealOnATicketTheMemberCannotAccess() {
        directory.put(WORKSPACE, io.secretledger.api.workspace.WorkspaceSettings.of(true, true, false));
        fixture.given(created(Visibility.MASKED), new AccessRulesChanged(SECRET, WORKSPACE,
                        List.of(new AccessRule("on-ticket", RuleType.CAN_ACCESS_CURRENT_TICKET, null)), OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-2", VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", "ticket-2", ErrorCode.FORBIDDEN, VIEWER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
    }

    private static WorkspaceSettings revealControls(boolean reason, boolean ticket, boolean ownOpenTicket) {
        return new WorkspaceSettings(true, false, false, reason, ticket, ownOpenTicket, 8, 72);
    }

    @Test
    void recordsTheReasonGivenWithAReveal() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-1", false, "  VPN down for ACME  ",
                        VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "workspace:unrestricted", "ticket-1",
                        false, "VPN down for ACME", VIEWER));
    }

    @Test
    void aWorkspaceThatAsksForAReasonRefusesARevealWithoutOneAndStoresNothing() {
        directory.put(WORKSPACE, revealControls(true, false, false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, "   ", VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason"))
                .expectNoEvents();
    }

    @Test
    void aReasonOverTheLimitIsRefusedEvenWhereNoneIsRequired() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, "x".repeat(501), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "reason"))
                .expectNoEvents();
    }

    @Test
    void aWorkspaceThatAsksForATicketRefusesARevealWithoutOne() {
        directory.put(WORKSPACE, revealControls(true, true, false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, "checking the tenant", VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-2", false, "checking the tenant",
                        VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "workspace:unrestricted", "ticket-2",
                        false, "checking the tenant", VIEWER));
    }

    @Test
    void withOwnOpenTicketsTheTicketMustBeOpenAndListTheMember() {
        directory.put(WORKSPACE, revealControls(false, true, true));
        tickets.with(new TicketState("ticket-closed", WORKSPACE, Set.of(), Set.of(VIEWER.id()), false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-closed", VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-2", VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", "ticket-2", ErrorCode.FORBIDDEN,
                        VIEWER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-1", VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "workspace:unrestricted", "ticket-1",
                        false, null, VIEWER));
    }

    @Test
    void theControlsBeforeARevealAskNothingOfIntegrations() {
        assertThat(RevealRules.checkRequest(null, null, revealControls(true, true, true),
                new io.secretledger.api.common.Actor(io.secretledger.api.common.ActorType.SERVICE_ACCOUNT, "sa-1",
                        "backup job"))).isNull();
    }

    @Test
    void anApprovedRequestLetsAMemberRevealUntilItEndsOrItsTicketCloses() {
        directory.put(WORKSPACE, WorkspaceSettings.of(true, true, false));
        Instant later = Instant.now().plus(Duration.ofHours(1));
        grants.with(SECRET, VIEWER.id(), new io.secretledger.policy.TemporaryAccess("req-1", "ticket-2", true, later,
                false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "access-request:req-1", null, false,
                        null, VIEWER));
        fixture.given(created(Visibility.MASKED))
                .when(new ExplainAccess(SECRET, WORKSPACE, VIEWER.id(), null, VIEWER))
                .expectResultMessagePayloadMatching(matches(decision -> decision instanceof AccessDecision d
                        && d.canView() && !d.canModify()
                        && d.viewGrants().get(0).name().equals("access-request:req-1")));

        grants.with(SECRET, VIEWER.id(), new io.secretledger.policy.TemporaryAccess("req-1", "ticket-2", false, later,
                false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, VIEWER));
        grants.with(SECRET, VIEWER.id(), new io.secretledger.policy.TemporaryAccess("req-1", "ticket-2", true,
                Instant.now().minusSeconds(1), false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, VIEWER));
    }

    @Test
    void aRevealThatStandingAccessAllowsReadsNoAccessRequest() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectSuccessfulHandlerExecution();
        assertThat(grants.lookups).isZero();
    }

    @Test
    void anOwnerWhoBrokeTheGlassRevealsWithoutATicketUnderThatGrant() {
        directory.put(WORKSPACE, revealControls(true, true, false));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, "outage", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "ticketId"))
                .expectNoEvents();
        grants.with(SECRET, OWNER.id(), new io.secretledger.policy.TemporaryAccess("req-9", null, true,
                Instant.now().plus(Duration.ofMinutes(30)), true));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, "outage", OWNER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "break-glass:req-9", null, false,
                        "outage", OWNER));
    }

    @Test
    void cannotRevealOnAnUnknownTicket() {
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-9", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "ticketId"))
                .expectNoEvents();
    }

    @Test
    void canRevealThroughALinkedTicketOrARelatedContactOfTheCurrentTicket() {
        directory.put(WORKSPACE, io.secretledger.api.workspace.WorkspaceSettings.of(true, true, false));
        fixture.given(created(Visibility.MASKED),
                        new RelatedTicketsChanged(SECRET, WORKSPACE, Set.of("ticket-1"), OWNER),
                        new AccessRulesChanged(SECRET, WORKSPACE,
                                List.of(new AccessRule("linked", RuleType.CAN_ACCESS_LINKED_TICKETS, null)), OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "rule:linked", null, false, null, VIEWER));
        fixture.given(created(Visibility.MASKED),
                        new RelatedContactsChanged(SECRET, WORKSPACE, Set.of("contact-other"), OWNER),
                        new AccessRulesChanged(SECRET, WORKSPACE,
                                List.of(new AccessRule("contact", RuleType.CURRENT_TICKET_HAS_RELATED_CONTACT, null)),
                                OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", "ticket-2", VIEWER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "rule:contact", "ticket-2", false, null, VIEWER));
    }

    @Test
    void cannotRelateATicketOfAnotherWorkspaceOrNone() {
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretRelations(SECRET, WORKSPACE, Set.of("ticket-9"), null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "relatedTicketIds"))
                .expectNoEvents();
    }

    @Test
    void canRelateTicketsAndContacts() {
        fixture.given(created(Visibility.MASKED))
                .when(new ChangeSecretRelations(SECRET, WORKSPACE, Set.of("ticket-1"), Set.of("contact-acme"), OWNER))
                .expectEvents(new RelatedTicketsChanged(SECRET, WORKSPACE, Set.of("ticket-1"), OWNER),
                        new RelatedContactsChanged(SECRET, WORKSPACE, Set.of("contact-acme"), OWNER));
    }

    @Test
    void plaintextNeverShowsInACommandsText() {
        assertThat(create(validValues()).toString()).doesNotContain("sk_live_123");
    }

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    // --- generated values ---

    private String sealedValue(Object payload, String key) {
        FieldValue value = (payload instanceof SecretCreated created ? created.values() : ((SecretEdited) payload).values())
                .stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
        return cipher.decrypt(value.encrypted(), new AssociatedData(WORKSPACE, SECRET, key, value.version())).value();
    }

    @Test
    void aRequiredSensitiveTextFieldLeftEmptyGetsAGeneratedValue() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    String generated = sealedValue(payload, "token");
                    return generated.length() == ValueGenerator.DEFAULT_LENGTH
                            && generated.chars().anyMatch(Character::isDigit)
                            && generated.chars().anyMatch(Character::isUpperCase);
                }), andNoMore())));
    }

    @Test
    void generatesWithTheOptionsAsked() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")),
                        new FieldInput("token", null, new GeneratorOptions(12, false, false, true, false)))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(payload -> sealedValue(payload, "token").matches("[0-9]{12}")), andNoMore())));
    }

    @Test
    void generatesOnlySensitiveTextAndOnlyWithUsableOptions() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", null, GeneratorOptions.DEFAULT))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.tenant"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")),
                        new FieldInput("token", null, new GeneratorOptions(4, null, null, null, null)))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.token.generate.length"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create(List.of(new FieldInput("tenant", new Plaintext("acme")),
                        new FieldInput("token", new Plaintext("typed"), GeneratorOptions.DEFAULT))))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "values.token"))
                .expectNoEvents();
    }

    @Test
    void anEditCanRotateAValueToAGeneratedOne() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, null, null,
                        List.of(new FieldInput("token", null, GeneratorOptions.DEFAULT)), OWNER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    String rotated = sealedValue(payload, "token");
                    return rotated.length() == 32 && !rotated.equals("sk_live_123");
                }), andNoMore())));
    }

    // --- names ---

    @Test
    void aNameIsUniqueWithinItsWorkspace() {
        names.with(WORKSPACE, "payment-api-key", "another-secret");
        fixture.givenNoPriorActivity()
                .when(create(validValues()))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    @Test
    void theSameNameIsFreeInAnotherWorkspace() {
        names.with(OTHER_WORKSPACE, "payment-api-key", "another-secret");
        fixture.givenNoPriorActivity()
                .when(create(validValues()))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aNameNeverChanges() {
        fixture.given(created(Visibility.MASKED))
                .when(new EditSecret(SECRET, WORKSPACE, 0L, "renamed", null, List.of(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }

    // --- active, expiry ---

    @Test
    void anInactiveSecretIsNotRevealed() {
        fixture.given(created(Visibility.MASKED))
                .when(new SetSecretActive(SECRET, WORKSPACE, false, OWNER))
                .expectEvents(new SecretDeactivated(SECRET, WORKSPACE, OWNER));
        fixture.given(created(Visibility.MASKED), new SecretDeactivated(SECRET, WORKSPACE, OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "id"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), new SecretDeactivated(SECRET, WORKSPACE, OWNER))
                .when(new SetSecretActive(SECRET, WORKSPACE, true, OWNER))
                .expectEvents(new SecretActivated(SECRET, WORKSPACE, OWNER));
    }

    @Test
    void anExpiryLiesInTheFuture() {
        fixture.givenCurrentTime(NOW)
                .when(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", null, null,
                        NOW.minusSeconds(60), validValues(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "expiresAt"))
                .expectNoEvents();
    }

    @Test
    void aSecretExpiresWhenItsDeadlinePasses() {
        Instant expiry = NOW.plus(Duration.ofDays(30));
        fixture.givenCurrentTime(NOW).andGivenCommands(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", null, null, expiry,
                        validValues(), OWNER))
                .whenTimeElapses(Duration.ofDays(31))
                .expectDeadlinesMet(new ExpiryDue(expiry))
                .expectEvents(new SecretExpired(SECRET, WORKSPACE, expiry, io.secretledger.api.common.Actor.SYSTEM));
    }

    @Test
    void aChangedExpiryReplacesTheDeadlineAndTheOldOneDoesNothing() {
        Instant first = NOW.plus(Duration.ofDays(30));
        Instant later = NOW.plus(Duration.ofDays(90));
        fixture.givenCurrentTime(NOW).andGivenCommands(new CreateSecret(SECRET, WORKSPACE, TEMPLATE, "payment-api-key", null, null, first,
                        validValues(), OWNER), new ChangeSecretExpiration(SECRET, WORKSPACE, later, OWNER))
                .whenTimeElapses(Duration.ofDays(31))
                .expectNoEvents()
                .expectScheduledDeadline(Duration.ofDays(59), new ExpiryDue(later));
    }

    // --- delete, restore, purge ---

    @Test
    void aDeletedSecretIsNeitherEditedNorRevealedUntilRestored() {
        fixture.given(created(Visibility.MASKED))
                .when(new DeleteSecret(SECRET, WORKSPACE, OWNER))
                .expectEvents(new SecretDeleted(SECRET, WORKSPACE, OWNER));
        fixture.given(created(Visibility.MASKED), new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "id"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new EditSecret(SECRET, WORKSPACE, 1L, null, "x", List.of(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "id"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new RestoreSecret(SECRET, WORKSPACE, OWNER))
                .expectEvents(new SecretRestored(SECRET, WORKSPACE, OWNER));
    }

    @Test
    void cannotDeleteASecretIntegrationsReferToWithoutForceAndTheEventNamesThem() {
        references.add(WORKSPACE, "payment-api-key", "integration-1", "Billing webhook");
        fixture.given(created(Visibility.MASKED))
                .when(new DeleteSecret(SECRET, WORKSPACE, OWNER))
                .expectExceptionDetails(matches(details -> details instanceof io.secretledger.api.common.ErrorDetails
                        error && error.code() == ErrorCode.CONFLICT && "force".equals(error.field())
                        && error.message().contains("Billing webhook")))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new DeleteSecret(SECRET, WORKSPACE, true, OWNER))
                .expectEvents(new SecretDeleted(SECRET, WORKSPACE, List.of("Billing webhook"), OWNER));
    }

    @Test
    void deletingNeedsModifyAll() {
        fixture.given(created(Visibility.MASKED), new AssignmentChanged(SECRET, WORKSPACE, Set.of(VIEWER.id()), OWNER))
                .when(new DeleteSecret(SECRET, WORKSPACE, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void aPurgeNeedsADeletedSecretAndItsNameRepeated() {
        fixture.given(created(Visibility.MASKED))
                .when(new PurgeSecret(SECRET, WORKSPACE, "payment-api-key", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "id"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new PurgeSecret(SECRET, WORKSPACE, "payment-api", OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "confirmName"))
                .expectNoEvents();
    }

    @Test
    void aPurgedSecretIsGoneAndItsNameFree() {
        names.with(WORKSPACE, "payment-api-key", SECRET);
        SecretCreated secret = created(Visibility.MASKED);
        fixture.given(secret, new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new PurgeSecret(SECRET, WORKSPACE, "payment-api-key", OWNER))
                .expectEvents(new SecretPurged(SECRET, WORKSPACE, "payment-api-key", OWNER));
        assertThat(names.holds(WORKSPACE, "payment-api-key")).isFalse();
        fixture.given(secret, new SecretDeleted(SECRET, WORKSPACE, OWNER),
                        new SecretPurged(SECRET, WORKSPACE, "payment-api-key", OWNER))
                .when(new RestoreSecret(SECRET, WORKSPACE, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "id"))
                .expectNoEvents();
    }

    // --- versions ---

    private SecretEdited rotated(String token) {
        return new SecretEdited(SECRET, WORKSPACE, null, List.of(FieldValue.sealed("token", 2,
                cipher.encrypt(new Plaintext(token), new AssociatedData(WORKSPACE, SECRET, "token", 2)))), OWNER);
    }

    @Test
    void anOwnerRollsBackToAnEarlierVersionAsANewOne() {
        fixture.given(created(Visibility.MASKED), rotated("sk_live_456"))
                .when(new RollbackSecretField(SECRET, WORKSPACE, "token", 1, OWNER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(payload -> {
                    SecretFieldRolledBack event = (SecretFieldRolledBack) payload;
                    return event.fromVersion() == 1 && event.value().version() == 3
                            && cipher.decrypt(event.value().encrypted(),
                                    new AssociatedData(WORKSPACE, SECRET, "token", 3)).value().equals("sk_live_123");
                }), andNoMore())));
    }

    @Test
    void rollsBackOnlyToAnEarlierVersionThatExists() {
        fixture.given(created(Visibility.MASKED), rotated("sk_live_456"))
                .when(new RollbackSecretField(SECRET, WORKSPACE, "token", 2, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "toVersion"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), rotated("sk_live_456"))
                .when(new RollbackSecretField(SECRET, WORKSPACE, "token", 1, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void anEditAfterARollbackTheEditorDidNotSeeIsAConflict() {
        SecretFieldRolledBack rolledBack = new SecretFieldRolledBack(SECRET, WORKSPACE, FieldValue.sealed("token", 3,
                cipher.encrypt(new Plaintext("sk_live_123"), new AssociatedData(WORKSPACE, SECRET, "token", 3))), 1, OWNER);
        fixture.given(created(Visibility.MASKED), rotated("sk_live_456"), rolledBack)
                .when(new EditSecret(SECRET, WORKSPACE, 1L, null, "x", List.of(), OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT, "expectedVersion"))
                .expectNoEvents();
    }

    // --- tickets ---

    @Test
    void aSecretIsLinkedToATicketAndUnlinked() {
        fixture.given(created(Visibility.MASKED))
                .when(new LinkSecretToTicket(SECRET, WORKSPACE, "ticket-1", true, OWNER))
                .expectEvents(new RelatedTicketsChanged(SECRET, WORKSPACE, Set.of("ticket-1"), OWNER));
        fixture.given(created(Visibility.MASKED), new RelatedTicketsChanged(SECRET, WORKSPACE, Set.of("ticket-1", "ticket-2"), OWNER))
                .when(new LinkSecretToTicket(SECRET, WORKSPACE, "ticket-1", false, OWNER))
                .expectEvents(new RelatedTicketsChanged(SECRET, WORKSPACE, Set.of("ticket-2"), OWNER));
        fixture.given(created(Visibility.MASKED))
                .when(new LinkSecretToTicket(SECRET, WORKSPACE, "ticket-9", true, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.NOT_FOUND, "ticketId"))
                .expectNoEvents();
    }

    @Test
    void onlyAMemberWhoMayChangeTheSecretLinksIt() {
        fixture.given(created(Visibility.MASKED), new AssignmentChanged(SECRET, WORKSPACE, Set.of(VIEWER.id()), OWNER))
                .when(new LinkSecretToTicket(SECRET, WORKSPACE, "ticket-1", true, VIEWER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    // --- files ---

    private static final byte[] PDF = "%PDF-1.7 contract".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aFileIsEncryptedIntoTheVaultAndOnlyItsNameTypeAndSizeAreRecorded() {
        fixture.given(created(Visibility.MASKED))
                .when(new AttachSecretFile(SECRET, WORKSPACE, "contract", "contract.pdf", "application/pdf", PDF, OWNER))
                .expectEvents(new SecretFileAttached(SECRET, WORKSPACE, new FileRef("contract", 1, SECRET + "/contract/1",
                        "contract.pdf", "application/pdf", PDF.length), OWNER));
        EncryptedValue stored = blobs.get(SECRET + "/contract/1");
        assertThat(new String(stored.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("contract");
        assertThat(cipher.open(stored, new AssociatedData(WORKSPACE, SECRET, "contract", 1))).isEqualTo(PDF);
    }

    @Test
    void aFileMustBeOfAnAllowedTypeItsContentMatchesAndWithinTheSizeLimit() {
        byte[] executable = {'M', 'Z', (byte) 0x90, 0};
        fixture.given(created(Visibility.MASKED))
                .when(new AttachSecretFile(SECRET, WORKSPACE, "contract", "contract.pdf", "application/pdf", executable,
                        OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "file.contentType"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new AttachSecretFile(SECRET, WORKSPACE, "contract", "setup.exe", "application/x-msdownload",
                        executable, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "file.contentType"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new AttachSecretFile(SECRET, WORKSPACE, "contract", "big.txt", "text/plain", new byte[2048], OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "file"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED))
                .when(new AttachSecretFile(SECRET, WORKSPACE, "tenant", "a.pdf", "application/pdf", PDF, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "fieldKey"))
                .expectNoEvents();
        assertThat(blobs).isEmpty();
    }

    @Test
    void aDownloadIsRecordedBeforeTheBytesAreReturned() {
        blobs.put(SECRET + "/contract/1", cipher.seal(PDF, new AssociatedData(WORKSPACE, SECRET, "contract", 1)));
        SecretFileAttached attached = new SecretFileAttached(SECRET, WORKSPACE, new FileRef("contract", 1,
                SECRET + "/contract/1", "contract.pdf", "application/pdf", PDF.length), OWNER);
        fixture.given(created(Visibility.MASKED), attached)
                .when(new DownloadSecretFile(SECRET, WORKSPACE, "contract", "ticket-1", OWNER))
                .expectEvents(new SecretFileDownloaded(SECRET, WORKSPACE, "contract", 1, "permission:ACCOUNT_OWNER",
                        "ticket-1", OWNER))
                .expectResultMessagePayloadMatching(matches(payload ->
                        java.util.Arrays.equals(((FileContent) payload).content(), PDF)));
        fixture.given(created(Visibility.MASKED), attached)
                .when(new DownloadSecretFile(SECRET, WORKSPACE, "contract", null, STRANGER))
                .expectExceptionDetails(refusedWith(ErrorCode.FORBIDDEN, null))
                .expectNoEvents();
    }

    @Test
    void canRevealAnExpiredSecretOnlyAsAManagerWhoConfirmsAndTheEventSaysSo() {
        Instant expiry = Instant.parse("2026-01-01T00:00:00Z");
        directory.put(WORKSPACE, VIEWER, Permission.VIEW_ALL);
        SecretExpired expiredEvent = new SecretExpired(SECRET, WORKSPACE, expiry, io.secretledger.api.common.Actor.SYSTEM);
        fixture.given(created(Visibility.MASKED), expiredEvent)
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, true, VIEWER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.FORBIDDEN, VIEWER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.FORBIDDEN));
        fixture.given(created(Visibility.MASKED), expiredEvent)
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, false, OWNER))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "confirmExpired"))
                .expectNoEvents();
        fixture.given(created(Visibility.MASKED), expiredEvent)
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, true, OWNER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "permission:ACCOUNT_OWNER", null,
                        true, null, OWNER));
    }

    @Test
    void cannotRevealWithoutAnOpenVerificationWindowWhenTheWorkspaceRequiresIt() {
        directory.put(WORKSPACE, WorkspaceSettings.of(true, false, true));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.VERIFICATION_REQUIRED, OWNER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.VERIFICATION_REQUIRED));
        unlocked.put(WORKSPACE + "/" + OWNER.id(), Instant.now().minusSeconds(1));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectEvents(new SecretRevealRefused(SECRET, WORKSPACE, "token", null, ErrorCode.VERIFICATION_REQUIRED, OWNER))
                .expectResultMessagePayloadMatching(refusal(ErrorCode.VERIFICATION_REQUIRED));
    }

    @Test
    void canRevealInsideTheVerificationWindow() {
        directory.put(WORKSPACE, WorkspaceSettings.of(true, false, true));
        unlocked.put(WORKSPACE + "/" + OWNER.id(), Instant.now().plusSeconds(600));
        fixture.given(created(Visibility.MASKED))
                .when(new RevealSecretField(SECRET, WORKSPACE, "token", null, OWNER))
                .expectEvents(new SecretRevealed(SECRET, WORKSPACE, "token", 1, "permission:ACCOUNT_OWNER", null,
                        false, null, OWNER));
    }

    @Test
    void aPurgeDestroysTheDataKeySoNoStoredValueCanBeReadAgain() {
        SecretCreated secret = created(Visibility.MASKED);
        FieldValue token = secret.values().stream().filter(value -> value.key().equals("token")).findFirst()
                .orElseThrow();
        names.with(WORKSPACE, "payment-api-key", SECRET);
        fixture.given(secret, new SecretDeleted(SECRET, WORKSPACE, OWNER))
                .when(new PurgeSecret(SECRET, WORKSPACE, "payment-api-key", OWNER))
                .expectEvents(new SecretPurged(SECRET, WORKSPACE, "payment-api-key", OWNER));
        assertThat(keys.destroyed(SECRET)).isTrue();
        assertThatThrownBy(() -> cipher.decrypt(token.encrypted(), new AssociatedData(WORKSPACE, SECRET, "token", 1)))
                .isInstanceOfSatisfying(io.secretledger.command.common.DomainException.class,
                        e -> assertThat(e.details().code()).isEqualTo(ErrorCode.INTEGRITY));
    }

    /** A refused reveal answers with the refusal (the event records it) and no value. */
    private static org.hamcrest.Matcher<Object> refusal(ErrorCode code) {
        return matches(result -> result instanceof RevealedValue revealed && revealed.value() == null
                && revealed.refusal() != null && revealed.refusal().code() == code);
    }
}
