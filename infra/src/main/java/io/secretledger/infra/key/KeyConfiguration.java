package io.secretledger.infra.key;

import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.FileMasterKeys;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.crypto.KeyStoreMasterKeys;
import io.secretledger.command.crypto.MasterKeys;
import io.secretledger.infra.SecretLedgerProperties;
import io.secretledger.infra.axon.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Where the master key comes from, in this order: {@code secretledger.crypto.master-key} (base64, e.g. from a
 * secret manager), a BCFKS key store ({@code secretledger.crypto.key-store.path}), or the key file of the
 * default profile, generated on the first start only. At start every workspace key must unwrap under it,
 * or the application refuses to start; an interrupted rotation is finished.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KeyConfiguration.class);

    @Bean
    MasterKeys masterKeys(SecretLedgerProperties properties, ObjectProvider<StoredEvents> storedEvents,
                          @Value("${secretledger.crypto.master-key:}") String configuredKey,
                          @Value("${secretledger.crypto.previous-master-keys:}") List<String> previousKeys,
                          @Value("${secretledger.crypto.key-store.path:}") String keyStorePath,
                          @Value("${secretledger.crypto.key-store.password:}") String keyStorePassword,
                          @Value("${secretledger.crypto.key-store.alias:secretledger-master}") String alias) {
        SecureRandom random = new SecureRandom();
        if (!configuredKey.isBlank()) {
            return new ConfiguredMasterKeys(configuredKey, previousKeys);
        }
        boolean dataExists = !properties.generateMasterKey() || dataExists(storedEvents);
        if (!keyStorePath.isBlank()) {
            if (keyStorePassword.isEmpty()) {
                throw new IllegalStateException("secretledger.crypto.key-store.password is required with a key store");
            }
            return KeyStoreMasterKeys.open(Path.of(keyStorePath), keyStorePassword.toCharArray(), alias, dataExists,
                    random);
        }
        return FileMasterKeys.loadOrCreate(properties.masterKeyFile(), dataExists, random);
    }

    @Bean
    InitializingBean verifyKeysAtStart(KeyHierarchy keys) {
        return () -> {
            int rewrapped = keys.verifyAndFinishRotation();
            // A key made on the first start, so that a wrong master key is caught before any secret exists.
            keys.purposeKey("start-check");
            if (rewrapped > 0) {
                LOG.info("Finished a master key rotation: {} workspace keys rewrapped", rewrapped);
            }
        };
    }

    private static boolean dataExists(ObjectProvider<StoredEvents> storedEvents) {
        StoredEvents events = storedEvents.getIfAvailable();
        return events == null || events.any();
    }
}
