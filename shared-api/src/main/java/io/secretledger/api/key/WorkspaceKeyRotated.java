package io.secretledger.api.key;

import io.secretledger.api.common.Actor;

/** The workspace key moved from one version to the next; {@code rewrapped} data keys were rewrapped. */
public record WorkspaceKeyRotated(String workspaceId, String fromVersion, String toVersion, int rewrapped,
                                  Actor actor) {
}
