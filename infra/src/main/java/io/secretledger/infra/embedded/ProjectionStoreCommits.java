package io.secretledger.infra.embedded;

/**
 * The embedded projection store commits its file every 100 ms; a write that must survive a crash of the process
 * before anything depends on it (a secret's name claim, before the creation's event is appended) waits for a commit.
 * On MongoDB (the scale-out profile) a write is durable when it is acknowledged, and there is no such bean.
 */
public interface ProjectionStoreCommits {

    /**
     * Returns once a commit that began after this call stored every write acknowledged before it.
     *
     * @throws IllegalStateException if that commit failed
     */
    void awaitCommit();
}
