package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

import java.util.List;

public record EgressAllowlistChanged(String workspaceId, List<EgressRule> rules, Actor actor) {
}
