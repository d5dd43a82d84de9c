package io.secretledger.infra.protection;

import io.secretledger.infra.SecretLedgerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data directory only opens with the master key it was encrypted with: a missing or different key stops the
 * start with a message that says so, and no new key is ever generated over existing data.
 */
class MasterKeyStartTest {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWithAMissingOrDifferentMasterKey() throws Exception {
        start().close();
        Path keyFile = dataDir.resolve("keys/master.key");
        byte[] original = Files.readAllBytes(keyFile);

        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(keyFile, other);
        assertThatThrownBy(this::start).hasStackTraceContaining("start with the master key this data was encrypted with");

        Files.delete(keyFile);
        assertThatThrownBy(this::start).hasStackTraceContaining("is missing but the data directory holds encrypted data");
        assertThat(keyFile).doesNotExist();

        Files.write(keyFile, original);
        start().close();
    }

    @Test
    void aMasterKeyFromConfigurationIsCheckedToo() {
        String key = randomKey();
        start("--secretledger.crypto.master-key=" + key).close();
        assertThat(dataDir.resolve("keys/master.key")).doesNotExist();
        assertThatThrownBy(() -> start("--secretledger.crypto.master-key=" + randomKey()))
                .hasStackTraceContaining("start with the master key this data was encrypted with");
        assertThatThrownBy(() -> start("--secretledger.crypto.master-key=not-base64!"))
                .hasStackTraceContaining("secretledger.crypto.master-key is not base64");
        start("--secretledger.crypto.master-key=" + key).close();
    }

    private ConfigurableApplicationContext start(String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--secretledger.data-dir=" + dataDir;
        System.arraycopy(more, 0, args, 2, more.length);
        return new SpringApplicationBuilder(SecretLedgerApplication.class).run(args);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
