package io.secretledger.graphql.support;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.error.ApiException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A mutation that answers with the new state: subscribe to the view first, then send the command, then
 * take the first state that reflects it. Never a sleep or a poll, and never an unbounded wait.
 */
@Component
public class ReadYourWrites {

    private final QueryGateway queries;
    private final Duration timeout;

    ReadYourWrites(QueryGateway queries, @Value("${secretledger.graphql.read-your-writes-timeout:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /**
     * @param command    sends the command; its result is passed to {@code reflects}
     * @param reflects   given the command's result, whether a view state already includes the change
     */
    public <Q, V, R> CompletableFuture<V> send(Q query, Class<V> viewType, Supplier<CompletableFuture<R>> command,
                                               java.util.function.Function<R, Predicate<V>> reflects) {
        SubscriptionQueryResult<V, V> view = queries.subscriptionQuery(query, viewType, viewType);
        // A command handler that returns nothing completes with null, which a Mono cannot carry.
        return Mono.fromFuture(command).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(result -> view.initialResult().concatWith(view.updates())
                        .filter(reflects.apply(result.orElse(null))).next())
                .switchIfEmpty(Mono.error(ReadYourWrites::notVisibleYet))
                .timeout(timeout, Mono.error(ReadYourWrites::notVisibleYet))
                .doFinally(signal -> view.close())
                .toFuture();
    }

    /**
     * For a command whose handler answers the aggregate's version after the change: the first view state at or
     * past that version.
     */
    public <Q, V> CompletableFuture<V> sendUntilVersion(Q query, Class<V> viewType,
                                                        Supplier<CompletableFuture<Long>> command,
                                                        java.util.function.ToLongFunction<V> versionOf) {
        return send(query, viewType, command, version -> view -> versionOf.applyAsLong(view) >= version);
    }

    private static ApiException notVisibleYet() {
        return new ApiException(ErrorCode.UNAVAILABLE, null,
                "The change was accepted but is not visible yet; read it again shortly");
    }
}
