package io.secretledger.api.template;

/** The templates of a workspace by name, starting after the given position. */
public record FindTemplates(String workspaceId, boolean includeArchived, String afterName, String afterId, int limit) {
}
