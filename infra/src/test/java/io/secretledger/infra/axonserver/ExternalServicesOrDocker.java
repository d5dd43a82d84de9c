package io.secretledger.infra.axonserver;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test when Axon Server and MongoDB are named by environment variables, or when Docker can start
 * them; skips it (never fails it) otherwise.
 */
class ExternalServicesOrDocker implements ExecutionCondition {

    static final String AXON_SERVERS = "AXON_AXONSERVER_SERVERS";
    static final String MONGODB_URI = "SECRETLEDGER_MONGODB_URI";

    static boolean externalServices() {
        return System.getenv(AXON_SERVERS) != null && System.getenv(MONGODB_URI) != null;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (externalServices()) {
            return ConditionEvaluationResult.enabled("using " + AXON_SERVERS + " and " + MONGODB_URI);
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("Docker is available for Testcontainers");
            }
        } catch (RuntimeException e) {
            // no Docker: fall through to skipping
        }
        return ConditionEvaluationResult.disabled("No Docker and no " + AXON_SERVERS + "/" + MONGODB_URI
                + ": the axonserver profile tests are skipped");
    }
}
