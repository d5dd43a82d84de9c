package io.secretledger.command.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binds a ciphertext to where it belongs: workspace, secret, field and value version. A ciphertext copied
 * to another secret, field or version fails authentication instead of decrypting.
 */
public record AssociatedData(String workspaceId, String secretId, String fieldKey, int version) {

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String part : new String[] {"secretledger/v1", workspaceId, secretId, fieldKey}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        out.writeBytes(ByteBuffer.allocate(4).putInt(version).array());
        return out.toByteArray();
    }
}
