package io.secretledger.command.reminder;

import io.secretledger.command.secret.RepositorySecretReach;
import io.secretledger.command.secret.Secret;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.RepositoryWorkspaceMembers;
import io.secretledger.command.workspace.Workspace;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.command.workspace.WorkspaceMembers;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Wires the expiry reminders; the mail comes from the host. */
@Configuration(proxyBeanMethods = false)
public class ReminderConfiguration {

    @Bean
    SecretReach secretReach(Repository<Secret> secretRepository, WorkspaceDirectory directory,
                            TicketDirectory tickets) {
        return new RepositorySecretReach(secretRepository, directory, tickets);
    }

    @Bean
    WorkspaceMembers workspaceMembers(Repository<Workspace> workspaceRepository) {
        return new RepositoryWorkspaceMembers(workspaceRepository);
    }

    @Bean
    ReminderTiming reminderTiming(@Value("${secretledger.reminders.digest-delay:10s}") Duration digestDelay) {
        return new ReminderTiming(digestDelay);
    }

    /** A command the tracker could not send is retried (the processor backs off), never skipped. */
    @Autowired
    void retryTracking(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(ExpiryTracker.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
