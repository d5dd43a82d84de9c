package io.secretledger.infra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules of DESIGN.md and the determinism of aggregates (STYLE.md), checked on the built classes. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.secretledger");
        org.assertj.core.api.Assertions.assertThat(classes.contain("io.secretledger.command.secret.Secret")
                && classes.contain("io.secretledger.graphql.secret.SecretController")
                && classes.contain("io.secretledger.api.secret.SecretCreated")
                && classes.contain("io.secretledger.cli.SecretLedgerCli")).as("every module is imported").isTrue();
    }

    @Test
    void theSharedApiIsPlainRecordsWithoutSpringOrStorage() {
        noClasses().that().resideInAPackage("io.secretledger.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "com.fasterxml.jackson..", "io.secretledger.command..", "io.secretledger.query..",
                        "io.secretledger.graphql..", "io.secretledger.infra..")
                .check(classes);
    }

    @Test
    void theAccessPolicyIsPureJava() {
        noClasses().that().resideInAPackage("io.secretledger.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.axonframework..", "io.secretledger.command..", "io.secretledger.query..",
                        "io.secretledger.graphql..", "io.secretledger.infra..")
                .check(classes);
    }

    @Test
    void theCommandAndQuerySidesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.secretledger.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.secretledger.query..", "io.secretledger.graphql..",
                        "io.secretledger.infra..", "com.mongodb..", "org.springframework.data..")
                .check(classes);
        noClasses().that().resideInAPackage("io.secretledger.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.secretledger.command..",
                        "io.secretledger.graphql..", "io.secretledger.infra..", "org.bouncycastle..")
                .check(classes);
    }

    @Test
    void theApiTalksToTheRestOnlyThroughGateways() {
        noClasses().that().resideInAPackage("io.secretledger.graphql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.secretledger.command..", "io.secretledger.query..",
                        "io.secretledger.infra..", "com.mongodb..", "org.springframework.data.mongodb..",
                        "org.axonframework.modelling..", "org.axonframework.eventsourcing..")
                .check(classes);
    }

    /** The command line is a client like any other: the public API over HTTP, nothing of the service's code. */
    @Test
    void theCommandLineKnowsOnlyThePublicApi() {
        classes().that().resideInAPackage("io.secretledger.cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.secretledger.cli..", "java..",
                        "com.fasterxml.jackson..")
                .check(classes);
    }

    /** Time comes from Axon's event clock (GenericEventMessage.clock), which fixtures and deadlines control. */
    @Test
    void aggregatesTakeTimeAndRandomnessFromOutside() {
        noClasses().that().areAnnotatedWith(Aggregate.class)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callConstructor(SecureRandom.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .check(classes);
    }

    @Test
    void aggregatesLiveOnTheCommandSide() {
        classes().that().areAnnotatedWith(Aggregate.class).should().resideInAPackage("io.secretledger.command..")
                .check(classes);
    }
}
