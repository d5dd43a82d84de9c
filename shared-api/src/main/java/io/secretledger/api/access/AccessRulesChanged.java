package io.secretledger.api.access;

import io.secretledger.api.common.Actor;

import java.util.List;

public record AccessRulesChanged(String secretId, String workspaceId, List<AccessRule> rules, Actor actor) {
}
