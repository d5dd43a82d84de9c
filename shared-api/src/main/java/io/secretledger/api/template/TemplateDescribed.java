package io.secretledger.api.template;

import io.secretledger.api.common.Actor;

public record TemplateDescribed(String templateId, String workspaceId, String description, Actor actor) {
}
