package io.secretledger.command.crypto;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Instances of the scale-out profile share one key vault, and a workspace key rotation runs on one of them while
 * the others create, reserve and destroy data keys: here another instance acts between one instance's read of the
 * vault and its write, where a blind write lost the other's change.
 */
class SharedKeyVaultTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AssociatedData S1 = new AssociatedData("ws", "s-1", "token", 1);

    private final InMemoryKeyVault shared = new InMemoryKeyVault();
    private final Interleaved mine = new Interleaved(shared);
    private final MasterKeys masters = new ConfiguredMasterKeys(randomKey(), List.of());
    /** One reservation per encryption, so that every encryption writes the entry. */
    private final KeyHierarchy other = new KeyHierarchy(masters, shared, RANDOM, 64);
    private final FieldCipher cipher = new FieldCipher(new KeyHierarchy(masters, mine, RANDOM, 64), RANDOM);

    @Test
    void canKeepASecretCreatedDuringAnotherInstancesRotationReadable() {
        other.forEncryption("ws", "s-0");
        mine.beforeNextWrite = () -> other.rotateWorkspaceKey("ws");

        EncryptedValue sealed = cipher.encrypt(new Plaintext("created during a rotation"), S1);

        assertThat(shared.workspaces.get("ws").versions()).as("the rotation retired version 1").containsOnlyKeys(2);
        assertThat(shared.dataKeys.get("s-1").workspaceKeyVersion()).isEqualTo(2);
        assertThat(restarted().decrypt(sealed, S1).value()).isEqualTo("created during a rotation");
    }

    @Test
    void canKeepARotationsRewrapWhenAReservationReadTheEntryBeforeIt() {
        EncryptedValue first = cipher.encrypt(new Plaintext("before"), S1);
        mine.beforeNextWrite = () -> other.rotateWorkspaceKey("ws");

        EncryptedValue second = cipher.encrypt(new Plaintext("after"), S1);

        assertThat(shared.dataKeys.get("s-1").workspaceKeyVersion()).isEqualTo(2);
        assertThat(shared.dataKeys.get("s-1").reserved()).as("the reservation was counted too").isEqualTo(2);
        FieldCipher restarted = restarted();
        assertThat(restarted.decrypt(first, S1).value()).isEqualTo("before");
        assertThat(restarted.decrypt(second, S1).value()).isEqualTo("after");
    }

    @Test
    void cannotUndoADestructionWithAReservationReadBeforeIt() {
        EncryptedValue sealed = cipher.encrypt(new Plaintext("shredded"), S1);
        mine.beforeNextWrite = () -> other.destroyDataKey("ws", "s-1", Instant.parse("2026-11-24T00:00:00Z"));

        assertThatThrownBy(() -> cipher.encrypt(new Plaintext("after the purge"), S1))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.details().code()).isEqualTo(ErrorCode.INTEGRITY));

        assertThat(shared.dataKeys.get("s-1").destroyed()).isTrue();
        assertThat(shared.dataKeys.get("s-1").keys()).isEmpty();
        assertThatThrownBy(() -> restarted().decrypt(sealed, S1)).isInstanceOf(DomainException.class);
    }

    private FieldCipher restarted() {
        return new FieldCipher(new KeyHierarchy(masters, shared, RANDOM, 64), RANDOM);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The shared vault as one instance reaches it: what another instance does runs just before its next write. */
    private static final class Interleaved implements KeyVault {

        private final KeyVault vault;
        Runnable beforeNextWrite;

        Interleaved(KeyVault vault) {
            this.vault = vault;
        }

        private void interleave() {
            Runnable action = beforeNextWrite;
            beforeNextWrite = null;
            if (action != null) {
                action.run();
            }
        }

        @Override
        public Optional<WorkspaceKeys> workspaceKeys(String workspaceId) {
            return vault.workspaceKeys(workspaceId);
        }

        @Override
        public boolean addWorkspaceKeys(WorkspaceKeys keys) {
            return vault.addWorkspaceKeys(keys);
        }

        @Override
        public void replaceWorkspaceKeys(WorkspaceKeys keys) {
            vault.replaceWorkspaceKeys(keys);
        }

        @Override
        public List<String> workspaceIds() {
            return vault.workspaceIds();
        }

        @Override
        public Optional<DataKeyEntry> dataKey(String secretId) {
            return vault.dataKey(secretId);
        }

        @Override
        public boolean addDataKey(DataKeyEntry entry) {
            interleave();
            return vault.addDataKey(entry);
        }

        @Override
        public boolean replaceDataKey(DataKeyEntry expected, DataKeyEntry replacement) {
            interleave();
            return vault.replaceDataKey(expected, replacement);
        }

        @Override
        public List<String> dataKeysOf(String workspaceId) {
            return vault.dataKeysOf(workspaceId);
        }
    }
}
