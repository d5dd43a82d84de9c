package io.secretledger.api.accessrequest;

/**
 * Subscription query: the requests the viewer may see, pushed as they change (an approver's: the workspace's;
 * anyone else's: their own). The initial answer says whether the viewer is a member at all.
 */
public record WatchAccessRequests(String workspaceId, String viewerId) {
}
