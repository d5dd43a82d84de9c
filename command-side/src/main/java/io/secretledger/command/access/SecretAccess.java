package io.secretledger.command.access;

import io.secretledger.api.access.AccessRule;

import java.util.List;
import java.util.Set;

/** What a secret says about who may reach it. */
public record SecretAccess(Set<String> assignedMemberIds, List<AccessRule> rules) {
}
