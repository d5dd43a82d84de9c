package io.secretledger.command.template;

import io.secretledger.command.ReadSharedLocks;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Optional;

/** Reads the Template aggregate inside the current unit of work. */
public class RepositoryTemplateCatalog implements TemplateCatalog {

    private final Repository<Template> templates;

    public RepositoryTemplateCatalog(Repository<Template> templates) {
        this.templates = templates;
    }

    @Override
    public Optional<TemplateDefinition> find(String workspaceId, String templateId) {
        if (templateId == null) {
            return Optional.empty();
        }
        try {
            TemplateDefinition definition = ReadSharedLocks.reading(() -> templates.load(templateId).invoke(Template::definition));
            return definition.workspaceId().equals(workspaceId) ? Optional.of(definition) : Optional.empty();
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
