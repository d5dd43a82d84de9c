package io.secretledger.command.verification;

import io.secretledger.command.ReadSharedLocks;
import io.secretledger.api.verification.RequestRevealVerification;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.time.Instant;
import java.util.Optional;

/** Reads the Verification aggregate inside the current unit of work. */
public class RepositoryVerificationDirectory implements VerificationDirectory {

    private final Repository<Verification> verifications;

    public RepositoryVerificationDirectory(Repository<Verification> verifications) {
        this.verifications = verifications;
    }

    @Override
    public Optional<Instant> unlockedUntil(String workspaceId, String memberId) {
        try {
            return ReadSharedLocks.reading(() -> Optional.ofNullable(verifications.load(RequestRevealVerification.idOf(workspaceId, memberId))
                    .invoke(Verification::unlockedUntil)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
