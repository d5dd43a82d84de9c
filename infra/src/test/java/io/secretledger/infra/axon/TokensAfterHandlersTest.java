package io.secretledger.infra.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's token is stored after its handlers; every other token at once (a reset's replay token above all). */
class TokensAfterHandlersTest {

    private final Stored stored = new Stored();
    private final TokensAfterHandlers tokens = new TokensAfterHandlers(stored);

    @BeforeEach
    void firstToken() {
        stored.storeToken(new GlobalSequenceTrackingToken(0), "p", 0);
    }

    /** Stores each token as it is given, whatever unit of work is running (Axon's in-memory store defers). */
    private static final class Stored implements TokenStore {
        private final Map<String, TrackingToken> tokens = new ConcurrentHashMap<>();

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            tokens.put(processorName + "/" + segment, token);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            return tokens.get(processorName + "/" + segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return new int[] {0};
        }
    }

    @Test
    void storesABatchsTokenOnlyAfterEveryHandlerOfTheBatchReturned() {
        List<String> seen = new ArrayList<>();
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("one"),
                GenericEventMessage.asEventMessage("two")));
        batch.executeWithResult(() -> {
            // The processor stores the token as the batch starts, before its handlers
            tokens.storeToken(new GlobalSequenceTrackingToken(2), "p", 0);
            seen.add("handled, token " + position(stored.fetchToken("p", 0)));
            return null;
        });
        assertThat(seen).containsOnly("handled, token 0");
        assertThat(position(stored.fetchToken("p", 0))).isEqualTo(2);
    }

    @Test
    void storesNothingForABatchThatFailed() {
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("one")));
        batch.executeWithResult(() -> {
            tokens.storeToken(new GlobalSequenceTrackingToken(1), "p", 0);
            throw new IllegalStateException("a handler failed");
        });
        assertThat(position(stored.fetchToken("p", 0))).isZero();
    }

    @Test
    void storesAResetsReplayTokenAtOnceEvenInsideAUnitOfWork() {
        TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(5));
        DefaultUnitOfWork<?> reset = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("reset"));
        tokens.storeToken(replay, "p", 0);
        assertThat(stored.fetchToken("p", 0)).isEqualTo(replay);
        reset.rollback();
        assertThat(stored.fetchToken("p", 0)).isEqualTo(replay);
    }

    private static long position(TrackingToken token) {
        return token.position().orElseThrow();
    }
}
