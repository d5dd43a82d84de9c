package io.secretledger.command.crypto;


import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A key vault in memory: for tests, benchmarks and throwaway runs; nothing survives the process. */
public final class InMemoryKeyVault implements KeyVault {

    final Map<String, WorkspaceKeys> workspaces = new ConcurrentHashMap<>();
    final Map<String, DataKeyEntry> dataKeys = new ConcurrentHashMap<>();

    @Override
    public Optional<WorkspaceKeys> workspaceKeys(String workspaceId) {
        return Optional.ofNullable(workspaces.get(workspaceId));
    }

    @Override
    public boolean addWorkspaceKeys(WorkspaceKeys keys) {
        return workspaces.putIfAbsent(keys.workspaceId(), keys) == null;
    }

    @Override
    public void replaceWorkspaceKeys(WorkspaceKeys keys) {
        workspaces.put(keys.workspaceId(), keys);
    }

    @Override
    public List<String> workspaceIds() {
        return List.copyOf(workspaces.keySet());
    }

    @Override
    public Optional<DataKeyEntry> dataKey(String secretId) {
        return Optional.ofNullable(dataKeys.get(secretId));
    }

    @Override
    public boolean addDataKey(DataKeyEntry entry) {
        return dataKeys.putIfAbsent(entry.secretId(), entry) == null;
    }

    @Override
    public boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement) {
        boolean[] replaced = {false};
        dataKeys.computeIfPresent(replacement.secretId(), (id, stored) -> {
            replaced[0] = stored.sameState(expected);
            return replaced[0] ? replacement : stored;
        });
        return replaced[0];
    }

    @Override
    public List<String> dataKeysOf(String workspaceId) {
        return dataKeys.values().stream().filter(entry -> workspaceId.equals(entry.workspaceId()))
                .map(DataKeyEntry::secretId).toList();
    }
}
