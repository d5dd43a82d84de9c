package io.secretledger.policy;

import io.secretledger.api.common.Permission;

import java.util.Set;

/** What the access policy needs to know of a member of a workspace. */
public record Member(String memberId, String email, String title, String division, Set<Permission> permissions) {
}
