package io.secretledger.command;

import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.crypto.KeyRing;
import io.secretledger.command.secret.FileRules;
import io.secretledger.command.template.RepositoryTemplateCatalog;
import io.secretledger.command.ticket.RepositoryTicketDirectory;
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

/** Wires the command side's services; the key ring comes from the hosting application. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /**
     * Aggregates stay in memory between commands (released under memory pressure), so a reveal does not
     * re-read the secret's and the workspace's events each time. Safe with Axon Server too: it routes all
     * commands of one aggregate to the same instance.
     */
    @Bean
    Cache aggregateCache() {
        return new WeakReferenceCache();
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
    FieldCipher fieldCipher(KeyRing keyRing,
                            @Value("${secretledger.crypto.max-encryptions-per-key:1000000000}") long maxEncryptions) {
        return new FieldCipher(keyRing, new SecureRandom(), maxEncryptions);
    }

    @Bean
    FileRules fileRules(@Value("${secretledger.files.max-size:10MB}") DataSize maxSize) {
        return new FileRules(maxSize.toBytes());
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
