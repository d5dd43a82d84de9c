package io.secretledger.query.secret;

import io.secretledger.query.index.SortedIndex;
import io.secretledger.query.index.SortedIndex.Entry;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The sets of secrets, in name order, that lists start from: every secret of a workspace, the secrets assigned
 * to each member, the secrets with rules, and the secrets related to each ticket. The projection keeps them
 * up to date before it updates a secret's document, from the document as it was.
 */
final class SecretSets {

    static final String COLLECTION = "secret-sets";

    private final SortedIndex index;

    SecretSets(SortedIndex index) {
        this.index = index;
    }

    void created(String workspaceId, String name, String secretId) {
        index.add(workspace(workspaceId), name, secretId);
    }

    /** Puts an existing secret in every set it belongs to (a deleted one only among the deleted). */
    void fill(SecretDocument secret) {
        if (secret.deleted()) {
            index.add(trash(secret.workspaceId()), secret.name(), secret.id());
        } else {
            live(secret);
        }
    }

    private void live(SecretDocument secret) {
        created(secret.workspaceId(), secret.name(), secret.id());
        changed(secret, Set.of(), orEmpty(secret.assignedMemberIds()), "m|");
        changed(secret, Set.of(), orEmpty(secret.relatedTicketIds()), "t|");
        ruled(secret, secret.rules() != null && !secret.rules().isEmpty());
    }

    /** A deleted secret leaves every list but the deleted ones'; restored, it returns to them. */
    void deleted(SecretDocument secret, boolean deleted) {
        if (deleted) {
            empty(secret);
            index.add(trash(secret.workspaceId()), secret.name(), secret.id());
        } else {
            index.remove(trash(secret.workspaceId()), secret.name(), secret.id());
            live(secret);
        }
    }

    void purged(SecretDocument secret) {
        empty(secret);
        index.remove(trash(secret.workspaceId()), secret.name(), secret.id());
    }

    Iterator<Entry> deleted(String workspaceId, Entry after) {
        return index.after(trash(workspaceId), after);
    }

    private void empty(SecretDocument secret) {
        index.remove(workspace(secret.workspaceId()), secret.name(), secret.id());
        changed(secret, orEmpty(secret.assignedMemberIds()), Set.of(), "m|");
        changed(secret, orEmpty(secret.relatedTicketIds()), Set.of(), "t|");
        ruled(secret, false);
    }

    void assigned(SecretDocument before, Set<String> memberIds) {
        changed(before, orEmpty(before.assignedMemberIds()), memberIds, "m|");
    }

    void related(SecretDocument before, Set<String> ticketIds) {
        changed(before, orEmpty(before.relatedTicketIds()), ticketIds, "t|");
    }

    void ruled(SecretDocument before, boolean hasRules) {
        if (hasRules) {
            index.add(ruled(before.workspaceId()), before.name(), before.id());
        } else {
            index.remove(ruled(before.workspaceId()), before.name(), before.id());
        }
    }

    void clear() {
        index.clear();
    }

    Iterator<Entry> all(String workspaceId, Entry after) {
        return index.after(workspace(workspaceId), after);
    }

    /** What an assignment or a rule may open to a member who does not reach every secret. */
    Iterator<Entry> reachable(String workspaceId, String memberId, Entry after) {
        return SortedIndex.union(index.after(workspaceId + "|m|" + memberId, after),
                index.after(ruled(workspaceId), after));
    }

    Iterator<Entry> relatedTo(String workspaceId, String ticketId, Entry after) {
        return index.after(workspaceId + "|t|" + ticketId, after);
    }

    private void changed(SecretDocument before, Set<String> was, Set<String> is, String kind) {
        Set<String> removed = new HashSet<>(was);
        removed.removeAll(is);
        Set<String> added = new HashSet<>(is);
        added.removeAll(was);
        removed.forEach(id -> index.remove(before.workspaceId() + "|" + kind + id, before.name(), before.id()));
        added.forEach(id -> index.add(before.workspaceId() + "|" + kind + id, before.name(), before.id()));
    }

    private static String workspace(String workspaceId) {
        return workspaceId + "|w";
    }

    private static String trash(String workspaceId) {
        return workspaceId + "|d";
    }

    private static String ruled(String workspaceId) {
        return workspaceId + "|r";
    }

    private static Set<String> orEmpty(Set<String> ids) {
        return ids == null ? Set.of() : ids;
    }
}
