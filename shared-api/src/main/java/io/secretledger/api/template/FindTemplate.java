package io.secretledger.api.template;

public record FindTemplate(String workspaceId, String templateId) {
}
