package io.secretledger.infra.axon;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.Optional;

/**
 * A token store that writes a batch's token after the batch's handlers, not before them.
 * <p>
 * Axon's tracking processors store the token of a batch before handling it, inside the batch's unit of work:
 * right when the token store shares a transaction with the handlers. Ours cannot (MongoDB, and the embedded store
 * has no transactions), so a crash between the token and the handlers' writes lost the batch for that projection
 * for good: the crash battery found secret lists and audit logs missing the events of the last ~100 ms before a
 * SIGKILL (issue 8). While a batch of events is handled this store checks the claim at once and stores the token in
 * the batch's first prepare-commit step, after every handler returned - what Axon's
 * {@code storingTokensAfterProcessing} does. Any other token (a reset's replay token, a first token) is stored
 * at once: deferred into a unit of work that is not a batch, a reset's token was never stored at all.
 * A crash then redoes the batch (handlers are idempotent) and never skips it.
 */
final class TokensAfterHandlers implements TokenStore {

    private final TokenStore tokens;

    TokensAfterHandlers(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        UnitOfWork<?> batch = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null;
        if (!(batch instanceof BatchingUnitOfWork<?>) || batch.phase() != UnitOfWork.Phase.STARTED) {
            // Not a batch of events being handled (a reset's replay token, a claim, a first token): store it now.
            tokens.storeToken(token, processorName, segment);
            return;
        }
        tokens.extendClaim(processorName, segment);
        batch.onPrepareCommit(unitOfWork -> tokens.storeToken(token, processorName, segment));
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        tokens.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        tokens.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        tokens.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        tokens.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        tokens.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        tokens.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return tokens.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return tokens.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return tokens.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return tokens.retrieveStorageIdentifier();
    }
}
