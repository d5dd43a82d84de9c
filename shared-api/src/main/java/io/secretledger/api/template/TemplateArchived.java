package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateArchived(String templateId, String workspaceId, Actor actor) {
}
