package io.secretledger.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * @param dataDir           where the default profile keeps its event store, projections and keys
 * @param masterKeyFile     the 256-bit master key file
 * @param generateMasterKey whether a missing master key may be created (only ever over an empty store)
 */
@ConfigurationProperties("secretledger")
public record SecretLedgerProperties(Path dataDir, Path masterKeyFile, boolean generateMasterKey) {
}
