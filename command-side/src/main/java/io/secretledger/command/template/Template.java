package io.secretledger.command.template;

import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.TemplateCreated;
import io.secretledger.policy.AccessPolicy;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The field layout secrets are created from. */
@Aggregate(cache = "aggregateCache")
public class Template {

    @AggregateIdentifier
    private String templateId;
    private String workspaceId;
    private List<FieldDefinition> fields;

    protected Template() {
    }

    @CommandHandler
    public Template(CreateTemplate command, WorkspaceDirectory directory) {
        if (!AccessPolicy.holdsModifyAll(directory.member(command.workspaceId(), command.actor().id()))) {
            throw DomainException.forbidden("Managing templates needs the MODIFY_ALL or ACCOUNT_OWNER permission");
        }
        TemplateRules.validate(command.name(), command.fields());
        apply(new TemplateCreated(command.templateId(), command.workspaceId(), command.name().strip(),
                command.description() == null ? "" : command.description().strip(), List.copyOf(command.fields()),
                command.actor()));
    }

    @EventSourcingHandler
    void on(TemplateCreated event) {
        templateId = event.templateId();
        workspaceId = event.workspaceId();
        fields = event.fields();
    }

    TemplateDefinition definition() {
        return new TemplateDefinition(templateId, workspaceId, fields);
    }
}
