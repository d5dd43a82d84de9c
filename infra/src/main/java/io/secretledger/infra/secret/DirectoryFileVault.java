package io.secretledger.infra.secret;

import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.secret.FileVault;
import io.secretledger.infra.SecretLedgerProperties;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Attached files' ciphertext as files under {@code <data-dir>/files}, written to a temporary file and moved into
 * place, so a crash never leaves half a file under a referenced name. Several instances of the axonserver
 * profile share it through a shared volume.
 */
@Component
class DirectoryFileVault implements FileVault {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/-]{1,300}");

    private final Path root;

    DirectoryFileVault(SecretLedgerProperties properties) {
        this.root = properties.dataDir().resolve("files");
    }

    @Override
    public void put(String blobId, EncryptedValue sealed) {
        Path target = pathOf(blobId);
        try {
            Files.createDirectories(target.getParent());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(sealed.ciphertext().length + 64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(sealed.keyId());
                out.writeInt(sealed.nonce().length);
                out.write(sealed.nonce());
                out.writeInt(sealed.ciphertext().length);
                out.write(sealed.ciphertext());
            }
            Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store a file in the vault", e);
        }
    }

    @Override
    public Optional<EncryptedValue> get(String blobId) {
        Path source = pathOf(blobId);
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(source)))) {
            String keyId = in.readUTF();
            byte[] nonce = in.readNBytes(in.readInt());
            byte[] ciphertext = in.readNBytes(in.readInt());
            return Optional.of(new EncryptedValue(keyId, nonce, ciphertext));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a file from the vault", e);
        }
    }

    private Path pathOf(String blobId) {
        if (!SAFE.matcher(blobId).matches() || blobId.contains("..")) {
            throw new IllegalArgumentException("Not a blob id");
        }
        return root.resolve(blobId.replace('/', java.io.File.separatorChar)).normalize();
    }
}
