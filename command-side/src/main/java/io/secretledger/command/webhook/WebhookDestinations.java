package io.secretledger.command.webhook;

import io.secretledger.command.integration.EgressPolicy;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.command.workspace.WorkspaceDirectory;

/**
 * Whether a webhook may be sent to a URL: the workspace's egress allowlist and its rule about private addresses, as
 * for integrations' calls (docs/adr/0018). Asked at registration and again before every attempt, since the name may
 * resolve elsewhere by then. Refusals are EGRESS_DENIED or VALIDATION on {@code url}.
 */
public class WebhookDestinations {

    private final WorkspaceDirectory directory;
    private final HostResolver resolver;

    public WebhookDestinations(WorkspaceDirectory directory, HostResolver resolver) {
        this.directory = directory;
        this.resolver = resolver;
    }

    EgressPolicy.Destination check(String workspaceId, String url) {
        return EgressPolicy.check(url, directory.egressRules(workspaceId), resolver);
    }
}
