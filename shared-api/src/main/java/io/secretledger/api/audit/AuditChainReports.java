package io.secretledger.api.audit;

import java.util.List;

/** One report per workspace the audit log holds, by workspace id. */
public record AuditChainReports(List<WorkspaceChain> workspaces) {

    public AuditChainReports {
        workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    }

    public record WorkspaceChain(String workspaceId, AuditChainReport report) {
    }
}
