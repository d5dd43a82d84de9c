package io.secretledger.command.template;

import java.util.Optional;

/** Reads templates from the event-sourced Template aggregate when a secret is created from one. */
public interface TemplateCatalog {

    /** The template, or empty if it does not exist in that workspace. */
    Optional<TemplateDefinition> find(String workspaceId, String templateId);
}
