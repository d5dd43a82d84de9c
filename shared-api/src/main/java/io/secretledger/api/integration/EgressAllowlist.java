package io.secretledger.api.integration;

import java.util.List;

/** The allowlist as stored after a change (normalised): the answer to {@link ChangeEgressAllowlist}. */
public record EgressAllowlist(List<EgressRule> rules) {
}
