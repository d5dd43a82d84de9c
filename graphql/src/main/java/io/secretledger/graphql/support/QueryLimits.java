package io.secretledger.graphql.support;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * graphql-java's own limits on a document's depth and on its complexity (one point per field, so thousands
 * of aliases are refused before anything runs). Refusals carry code VALIDATION.
 */
@Configuration(proxyBeanMethods = false)
class QueryLimits {

    @Bean
    Instrumentation maxQueryDepth(@Value("${secretledger.graphql.max-depth:12}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Bean
    Instrumentation maxQueryComplexity(@Value("${secretledger.graphql.max-complexity:500}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity);
    }
}
