package io.secretledger.api.workspace;

import java.util.List;

/** A person's memberships, by workspace name. */
public record Memberships(List<Membership> memberships) {

    public Memberships {
        memberships = memberships == null ? List.of() : List.copyOf(memberships);
    }

    public boolean includes(String workspaceId, String memberId) {
        return memberships.stream().anyMatch(m -> m.workspaceId().equals(workspaceId) && m.memberId().equals(memberId));
    }
}
