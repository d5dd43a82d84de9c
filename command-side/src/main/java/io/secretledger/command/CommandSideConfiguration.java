package io.secretledger.command;

import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.TransitKeys;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.KeyVault;
import io.secretledger.command.crypto.MasterKeys;
import io.secretledger.command.verification.CodeMail;
import io.secretledger.command.verification.CodeStore;
import io.secretledger.command.verification.RepositoryVerificationDirectory;
import io.secretledger.command.verification.Verification;
import io.secretledger.command.verification.VerificationCodes;
import io.secretledger.command.verification.VerificationDirectory;
import io.secretledger.command.verification.VerificationSettings;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.command.secret.Secret;
import io.secretledger.command.secret.SecretNames;
import io.secretledger.command.secret.SecretUses;
import io.secretledger.command.secret.FileRules;
import io.secretledger.command.template.RepositoryTemplateCatalog;
import io.secretledger.command.ticket.RepositoryTicketDirectory;
import io.secretledger.command.accessrequest.AccessRequest;
import io.secretledger.command.accessrequest.RepositoryTemporaryAccess;
import io.secretledger.command.accessrequest.SecretAccessCheck;
import io.secretledger.command.accessrequest.TemporaryAccessDirectory;
import io.secretledger.command.secret.RepositorySecretAccess;
import io.secretledger.command.ticket.Ticket;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.template.Template;
import io.secretledger.command.template.TemplateCatalog;
import io.secretledger.command.workspace.RepositoryWorkspaceDirectory;
import io.secretledger.command.workspace.Workspace;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import org.springframework.context.annotation.Configuration;

import java.security.SecureRandom;
import java.time.Duration;

/** Wires the command side's services; the master keys, key vault, code store and mail come from the host. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    private static final java.time.Duration AGGREGATE_LOCK_TIMEOUT = java.time.Duration.ofSeconds(30);

    /**
     * Aggregates stay in memory between commands (released under memory pressure), so a reveal does not
     * re-read the secret's and the workspace's events each time. Safe with Axon Server too: it routes all
     * commands of one aggregate to the same instance.
     */
    @Bean
    Cache aggregateCache() {
        return new WeakReferenceCache();
    }

    /**
     * Locks of the aggregates that reveals and creates read to decide: shared between readers (see
     * {@link ReadSharedLocks}), one factory per aggregate type.
     */
    @Bean
    ReadSharedLocks workspaceLocks() {
        return new ReadSharedLocks(AGGREGATE_LOCK_TIMEOUT);
    }

    @Bean
    ReadSharedLocks templateLocks() {
        return new ReadSharedLocks(AGGREGATE_LOCK_TIMEOUT);
    }

    @Bean
    ReadSharedLocks ticketLocks() {
        return new ReadSharedLocks(AGGREGATE_LOCK_TIMEOUT);
    }

    @Bean
    ReadSharedLocks verificationLocks() {
        return new ReadSharedLocks(AGGREGATE_LOCK_TIMEOUT);
    }

    @Bean
    ReadSharedLocks accessRequestLocks() {
        return new ReadSharedLocks(AGGREGATE_LOCK_TIMEOUT);
    }

    @Bean
    TemporaryAccessDirectory temporaryAccessDirectory(Repository<AccessRequest> accessRequestRepository,
                                                      TicketDirectory tickets) {
        return new RepositoryTemporaryAccess(accessRequestRepository, tickets);
    }

    @Bean
    SecretAccessCheck secretAccessCheck(Repository<Secret> secretRepository, WorkspaceDirectory directory,
                                        TicketDirectory tickets) {
        return new RepositorySecretAccess(secretRepository, directory, tickets);
    }

    @Bean
    io.secretledger.command.share.SharedSecrets sharedSecrets(Repository<Secret> secretRepository,
            WorkspaceDirectory directory, TicketDirectory tickets, FieldCipher cipher, ValueGenerator generator) {
        return new io.secretledger.command.secret.RepositorySharedSecrets(secretRepository, directory, tickets, cipher,
                generator);
    }

    @Bean
    io.secretledger.command.share.ShareCodes shareCodes(VerificationCodes codes) {
        return new io.secretledger.command.share.VerifiedShareCodes(codes);
    }

    @Bean
    io.secretledger.command.share.Links shareLinkDesk(
            Repository<io.secretledger.command.share.ShareLink> shareLinkRepository,
            Repository<io.secretledger.command.share.CredentialRequest> credentialRequestRepository,
            WorkspaceDirectory directory, TicketDirectory tickets, io.secretledger.command.share.SharedSecrets secrets,
            io.secretledger.command.share.ShareMail mail) {
        return new io.secretledger.command.share.Links(shareLinkRepository, credentialRequestRepository, directory,
                tickets, secrets, mail);
    }

    @Bean
    WorkspaceDirectory workspaceDirectory(Repository<Workspace> workspaceRepository) {
        return new RepositoryWorkspaceDirectory(workspaceRepository);
    }

    @Bean
    TicketDirectory ticketDirectory(Repository<Ticket> ticketRepository) {
        return new RepositoryTicketDirectory(ticketRepository);
    }

    @Bean
    TemplateCatalog templateCatalog(Repository<Template> templateRepository) {
        return new RepositoryTemplateCatalog(templateRepository);
    }

    @Bean
    VerificationDirectory verificationDirectory(Repository<Verification> verificationRepository) {
        return new RepositoryVerificationDirectory(verificationRepository);
    }

    @Bean
    KeyHierarchy keyHierarchy(MasterKeys masterKeys, KeyVault keyVault,
                              @Value("${secretledger.crypto.max-encryptions-per-key:1000000000}") long maxEncryptions) {
        return new KeyHierarchy(masterKeys, keyVault, new SecureRandom(), maxEncryptions);
    }

    @Bean
    FieldCipher fieldCipher(KeyHierarchy keys) {
        return new FieldCipher(keys, new SecureRandom());
    }

    @Bean
    VerificationCodes verificationCodes(CodeStore store, CodeMail mail, KeyHierarchy keys,
                                        @Value("${secretledger.verification.code-digits:6}") int digits,
                                        @Value("${secretledger.verification.code-lifetime:10m}") Duration lifetime,
                                        @Value("${secretledger.verification.unlock-window:10m}") Duration window,
                                        @Value("${secretledger.verification.max-failures:5}") int maxFailures,
                                        @Value("${secretledger.verification.lockout:15m}") Duration lockout) {
        return new VerificationCodes(store, mail, keys, new SecureRandom(),
                new VerificationSettings(digits, lifetime, window, maxFailures, lockout));
    }

    @Bean
    FileRules fileRules(@Value("${secretledger.files.max-size:10MB}") DataSize maxSize) {
        return new FileRules(maxSize.toBytes());
    }

    @Bean
    SecretUses secretUses(Repository<Secret> secretRepository, SecretNames names, WorkspaceDirectory directory,
                          FieldCipher cipher, TicketDirectory tickets,
                          @Value("${secretledger.crypto.max-encryptions-per-key:1000000000}") long maxEncryptions) {
        return new SecretUses(secretRepository, names, directory, HostResolver.system(), cipher, tickets,
                new TransitKeys(new SecureRandom(), maxEncryptions));
    }

    @Bean
    ValueGenerator valueGenerator() {
        return new ValueGenerator(new SecureRandom());
    }

    @Autowired
    void translateDomainExceptions(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new DomainExceptionTranslator());
    }
}
