package io.secretledger.command.crypto;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldCipherTest {

    private static final AssociatedData HERE = new AssociatedData("ws", "secret", "token", 1);

    private final FieldCipher cipher = new FieldCipher(new Fixtures.FixedKey(), new SecureRandom());

    @Test
    void roundTripsAValue() {
        EncryptedValue sealed = cipher.encrypt(new Plaintext("hunter2 ✓"), HERE);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.ciphertext()).hasSize("hunter2 ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16);
        assertThat(cipher.decrypt(sealed, HERE).value()).isEqualTo("hunter2 ✓");
    }

    @Test
    void usesAFreshNonceForEveryEncryption() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            nonces.add(java.util.HexFormat.of().formatHex(cipher.encrypt(new Plaintext("same"), HERE).nonce()));
        }
        assertThat(nonces).hasSize(1_000);
    }

    @Test
    void refusesACiphertextMovedToAnotherFieldSecretOrVersion() {
        EncryptedValue sealed = cipher.encrypt(new Plaintext("value"), HERE);
        for (AssociatedData elsewhere : new AssociatedData[] {new AssociatedData("ws", "secret", "other", 1),
                new AssociatedData("ws", "other", "token", 1), new AssociatedData("ws", "secret", "token", 2),
                new AssociatedData("other", "secret", "token", 1)}) {
            assertIntegrityError(() -> cipher.decrypt(sealed, elsewhere));
        }
    }

    @Test
    void refusesAFlippedBitOrAnUnknownKey() {
        EncryptedValue sealed = cipher.encrypt(new Plaintext("value"), HERE);
        byte[] flipped = sealed.ciphertext().clone();
        flipped[flipped.length - 1] ^= 0x01;
        assertIntegrityError(() -> cipher.decrypt(new EncryptedValue(sealed.keyId(), sealed.nonce(), flipped), HERE));
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 0x01;
        assertIntegrityError(() -> cipher.decrypt(new EncryptedValue(sealed.keyId(), nonce, sealed.ciphertext()), HERE));
        assertIntegrityError(() -> cipher.decrypt(new EncryptedValue("gone", sealed.nonce(), sealed.ciphertext()), HERE));
    }

    @Test
    void createsTheMasterKeyOwnerOnlyAndReadsTheSameKeyBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/master.key");
        FileMasterKeys created = FileMasterKeys.loadOrCreate(file, false, new SecureRandom());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        FileMasterKeys loaded = FileMasterKeys.load(file, new SecureRandom());
        assertThat(loaded.currentId()).isEqualTo(created.currentId());
        assertThat(loaded.key(loaded.currentId())).isEqualTo(created.key(created.currentId()));
    }

    @Test
    void neverCreatesANewMasterKeyOverExistingData(@TempDir Path dir) {
        assertThatThrownBy(() -> FileMasterKeys.loadOrCreate(dir.resolve("master.key"), true, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void refusesAKeyFileOfTheWrongSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        Files.write(file, new byte[16]);
        assertThatThrownBy(() -> FileMasterKeys.load(file, new SecureRandom())).isInstanceOf(IllegalStateException.class);
    }

    private static void assertIntegrityError(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.details().code()).isEqualTo(ErrorCode.INTEGRITY));
    }
}
