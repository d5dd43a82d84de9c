package io.secretledger.graphql.error;

import graphql.GraphQLError;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A subscription that ends in a failure (the subscriber lost access, the secret is gone) ends with the same stable
 * code as a query would answer, not Spring's generic "Subscription error".
 */
@Component
class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

    @Override
    protected List<GraphQLError> resolveToMultipleErrors(Throwable failure) {
        return GraphQlErrors.errors(failure, null);
    }
}
