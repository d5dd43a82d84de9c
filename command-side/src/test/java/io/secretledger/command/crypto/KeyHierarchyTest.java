package io.secretledger.command.crypto;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.KeyVault.DataKeyEntry;
import io.secretledger.command.crypto.KeyVault.WorkspaceKeys;
import io.secretledger.command.crypto.KeyVault.WrappedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyHierarchyTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AssociatedData TOKEN = new AssociatedData("ws", "s-1", "token", 1);

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final String master = randomKey();

    @Test
    void givesEachSecretItsOwnDataKeyWrappedByTheWorkspaceKey() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        byte[] first = keys.forEncryption("ws", "s-1").key();
        byte[] second = keys.forEncryption("ws", "s-2").key();
        assertThat(first).isNotEqualTo(second);
        assertThat(keys.forEncryption("ws", "s-1").key()).isEqualTo(first);
        DataKeyEntry entry = vault.dataKeys.get("s-1");
        assertThat(entry.workspaceKeyVersion()).isEqualTo(1);
        assertThat(java.util.Arrays.copyOf(entry.keys().get(1).wrapped(), 32)).isNotEqualTo(first);
        assertThat(vault.workspaces.get("ws").versions().get(1).wrappingKeyId()).isEqualTo(MasterKeys.idOf(
                Base64.getDecoder().decode(master)));
        KeyHierarchy restarted = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        assertThat(restarted.forDecryption("ws", "s-1", "dk1")).isEqualTo(first);
    }

    @Test
    void aDestroyedDataKeyLeavesNothingThatDecryptsAndIsNeverRemade() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        EncryptedValue sealed = cipher.encrypt(new Plaintext("canary"), TOKEN);
        keys.destroyDataKey("ws", "s-1", java.time.Instant.now());
        assertThat(vault.dataKeys.get("s-1").keys()).isEmpty();
        assertThat(keys.cachedDataKeys()).noneMatch(id -> id.startsWith("s-1/"));
        assertIntegrity(() -> cipher.decrypt(sealed, TOKEN));
        assertThatThrownBy(() -> hierarchy(new ConfiguredMasterKeys(master, List.of()))
                .forDecryption("ws", "s-1", "dk1")).isInstanceOf(DataKeys.Unavailable.class)
                .hasMessageContaining("destroyed");
        assertIntegrity(() -> cipher.encrypt(new Plaintext("again"), TOKEN));
    }

    @Test
    void rotatingTheWorkspaceKeyRewrapsEveryDataKeyAndRetiresTheOldVersion() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        EncryptedValue first = cipher.encrypt(new Plaintext("one"), TOKEN);
        EncryptedValue second = cipher.encrypt(new Plaintext("two"), new AssociatedData("ws", "s-2", "token", 1));
        keys.destroyDataKey("ws", "s-3", java.time.Instant.now());
        WrappedKey before = vault.workspaces.get("ws").versions().get(1);

        KeyHierarchy.Rotation rotation = keys.rotateWorkspaceKey("ws");

        assertThat(rotation).isEqualTo(new KeyHierarchy.Rotation("1", "2", 2));
        assertThat(vault.workspaces.get("ws").versions()).containsOnlyKeys(2);
        assertThat(vault.workspaces.get("ws").versions().get(2)).isNotEqualTo(before);
        assertThat(vault.dataKeys.get("s-1").workspaceKeyVersion()).isEqualTo(2);
        FieldCipher afterRestart = new FieldCipher(hierarchy(new ConfiguredMasterKeys(master, List.of())), RANDOM);
        assertThat(afterRestart.decrypt(first, TOKEN).value()).isEqualTo("one");
        assertThat(afterRestart.decrypt(second, new AssociatedData("ws", "s-2", "token", 1)).value()).isEqualTo("two");
    }

    @Test
    void rotatingAFileMasterKeyRewrapsWorkspaceKeysAndDestroysTheOldFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        FileMasterKeys masters = FileMasterKeys.loadOrCreate(file, false, RANDOM);
        String oldId = masters.currentId();
        byte[] oldBytes = Files.readAllBytes(file);
        KeyHierarchy keys = hierarchy(masters);
        FieldCipher cipher = new FieldCipher(keys, RANDOM);
        EncryptedValue sealed = cipher.encrypt(new Plaintext("value"), TOKEN);
        keys.purposeKey("verification-codes");

        KeyHierarchy.Rotation rotation = keys.rotateMasterKey();

        assertThat(rotation.from()).isEqualTo(oldId);
        assertThat(rotation.to()).isNotEqualTo(oldId);
        assertThat(rotation.rewrapped()).isEqualTo(2);
        assertThat(Files.readAllBytes(file)).isNotEqualTo(oldBytes);
        assertThat(dir.resolve("master.key.next")).doesNotExist();
        assertThat(vault.workspaces.values()).allSatisfy(keysOf -> assertThat(keysOf.versions().values())
                .allSatisfy(wrapped -> assertThat(wrapped.wrappingKeyId()).isEqualTo(rotation.to())));
        KeyHierarchy restarted = hierarchy(FileMasterKeys.load(file, RANDOM));
        assertThat(restarted.verifyAndFinishRotation()).isZero();
        assertThat(new FieldCipher(restarted, RANDOM).decrypt(sealed, TOKEN).value()).isEqualTo("value");
    }

    @Test
    void aStartAfterAnInterruptedRotationFinishesIt(@TempDir Path dir) {
        Path file = dir.resolve("master.key");
        FileMasterKeys masters = FileMasterKeys.loadOrCreate(file, false, RANDOM);
        KeyHierarchy keys = hierarchy(masters);
        EncryptedValue sealed = new FieldCipher(keys, RANDOM).encrypt(new Plaintext("value"), TOKEN);
        String next = masters.beginRotation();

        KeyHierarchy restarted = hierarchy(FileMasterKeys.load(file, RANDOM));
        assertThat(restarted.verifyAndFinishRotation()).isEqualTo(1);

        assertThat(MasterKeys.idOf(readQuietly(file))).isEqualTo(next);
        assertThat(new FieldCipher(hierarchy(FileMasterKeys.load(file, RANDOM)), RANDOM).decrypt(sealed, TOKEN)
                .value()).isEqualTo("value");
    }

    @Test
    void aConfiguredMasterKeyRotatesByConfigurationAndAStartRewraps() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        EncryptedValue sealed = new FieldCipher(keys, RANDOM).encrypt(new Plaintext("value"), TOKEN);
        assertThatThrownBy(keys::rotateMasterKey).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("previous-master-keys");

        String next = randomKey();
        KeyHierarchy restarted = hierarchy(new ConfiguredMasterKeys(next, List.of(master)));
        assertThat(restarted.verifyAndFinishRotation()).isEqualTo(1);

        KeyHierarchy withoutOld = hierarchy(new ConfiguredMasterKeys(next, List.of()));
        withoutOld.verifyAndFinishRotation();
        assertThat(new FieldCipher(withoutOld, RANDOM).decrypt(sealed, TOKEN).value()).isEqualTo("value");
    }

    @Test
    void refusesToStartWithAnotherMasterKey() {
        hierarchy(new ConfiguredMasterKeys(master, List.of())).forEncryption("ws", "s-1");
        assertThatThrownBy(() -> hierarchy(new ConfiguredMasterKeys(randomKey(), List.of())).verifyAndFinishRotation())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start with the master key this data was encrypted with");
    }

    @Test
    void aTamperedWrappedKeyFailsWithAnIntegrityErrorNeverGarbage() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        EncryptedValue sealed = new FieldCipher(keys, RANDOM).encrypt(new Plaintext("value"), TOKEN);
        DataKeyEntry entry = vault.dataKeys.get("s-1");
        WrappedKey key = entry.keys().get(1);
        byte[] flipped = key.wrapped().clone();
        flipped[0] ^= 0x01;
        vault.dataKeys.put("s-1", new DataKeyEntry("s-1", "ws", 1, 1, Map.of(1, new WrappedKey(key.wrappingKeyId(),
                key.nonce(), flipped)), entry.reserved(), null));
        FieldCipher fresh = new FieldCipher(hierarchy(new ConfiguredMasterKeys(master, List.of())), RANDOM);
        assertIntegrity(() -> fresh.decrypt(sealed, TOKEN));

        WorkspaceKeys workspace = vault.workspaces.get("ws");
        WrappedKey wrapped = workspace.versions().get(1);
        byte[] changed = wrapped.wrapped().clone();
        changed[3] ^= 0x10;
        vault.workspaces.put("ws", new WorkspaceKeys("ws", 1, Map.of(1, new WrappedKey(wrapped.wrappingKeyId(),
                wrapped.nonce(), changed))));
        assertThatThrownBy(() -> hierarchy(new ConfiguredMasterKeys(master, List.of())).verifyAndFinishRotation())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed or damaged");
    }

    @Test
    void aWrappedKeyMovedToAnotherSecretDoesNotUnwrap() {
        KeyHierarchy keys = hierarchy(new ConfiguredMasterKeys(master, List.of()));
        keys.forEncryption("ws", "s-1");
        DataKeyEntry entry = vault.dataKeys.get("s-1");
        vault.dataKeys.put("s-2", new DataKeyEntry("s-2", "ws", 1, 1, entry.keys(), entry.reserved(), null));
        assertIntegrity(() -> hierarchy(new ConfiguredMasterKeys(master, List.of()))
                .forDecryption("ws", "s-2", "dk1"));
    }

    @Test
    void aBcfksKeyStoreHoldsTheMasterKeyAndRotatesIt(@TempDir Path dir) {
        Path store = dir.resolve("master.bcfks");
        char[] password = "correct horse".toCharArray();
        KeyStoreMasterKeys masters = KeyStoreMasterKeys.open(store, password, "secretledger", false, RANDOM);
        KeyHierarchy keys = hierarchy(masters);
        EncryptedValue sealed = new FieldCipher(keys, RANDOM).encrypt(new Plaintext("value"), TOKEN);
        KeyHierarchy.Rotation rotation = keys.rotateMasterKey();

        KeyStoreMasterKeys reopened = KeyStoreMasterKeys.open(store, password, "secretledger", true, RANDOM);
        assertThat(reopened.ids()).containsExactly(rotation.to());
        KeyHierarchy restarted = hierarchy(reopened);
        restarted.verifyAndFinishRotation();
        assertThat(new FieldCipher(restarted, RANDOM).decrypt(sealed, TOKEN).value()).isEqualTo("value");
        assertThatThrownBy(() -> KeyStoreMasterKeys.open(store, "wrong".toCharArray(), "secretledger", true, RANDOM))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Cannot open master key store");
        assertThatThrownBy(() -> KeyStoreMasterKeys.open(dir.resolve("absent.bcfks"), password, "secretledger", true,
                RANDOM)).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    private KeyHierarchy hierarchy(MasterKeys masters) {
        return new KeyHierarchy(masters, vault, RANDOM);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertIntegrity(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.details().code()).isEqualTo(ErrorCode.INTEGRITY));
    }
}
