package io.secretledger.command.crypto;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.KeyVault.DataKeyEntry;
import io.secretledger.command.crypto.KeyVault.WrappedKey;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 8): every swapped or bit-flipped ciphertext, nonce and wrapped key is refused with an
 * integrity error, every time; never garbage, never another exception.
 */
class CryptoBatteryTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AssociatedData TOKEN = new AssociatedData("ws", "s-1", "token", 1);

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final String master = randomKey();
    private final KeyHierarchy keys = hierarchy();
    private final FieldCipher cipher = new FieldCipher(keys, RANDOM, 1_000_000);

    @Test
    void canRefuseEveryFlippedBitOfAValueAndItsNonce() {
        EncryptedValue sealed = cipher.encrypt(new Plaintext("sk_live_battery_canary"), TOKEN);
        int attempts = 0;
        int refused = 0;
        for (int bit = 0; bit < sealed.ciphertext().length * 8; bit++) {
            attempts++;
            byte[] flipped = flip(sealed.ciphertext(), bit);
            refused += integrityError(() -> cipher.decrypt(new EncryptedValue(sealed.keyId(), sealed.nonce(),
                    flipped), TOKEN)) ? 1 : 0;
        }
        for (int bit = 0; bit < sealed.nonce().length * 8; bit++) {
            attempts++;
            byte[] flipped = flip(sealed.nonce(), bit);
            refused += integrityError(() -> cipher.decrypt(new EncryptedValue(sealed.keyId(), flipped,
                    sealed.ciphertext()), TOKEN)) ? 1 : 0;
        }
        assertThat(attempts).isEqualTo((sealed.ciphertext().length + 12) * 8);
        assertThat(refused).isEqualTo(attempts);
        assertThat(cipher.decrypt(sealed, TOKEN).value()).isEqualTo("sk_live_battery_canary");
    }

    @Test
    void canRefuseEveryValueSwappedIntoAnotherPlace() {
        List<AssociatedData> places = List.of(TOKEN, new AssociatedData("ws", "s-1", "password", 1),
                new AssociatedData("ws", "s-1", "token", 2), new AssociatedData("ws", "s-2", "token", 1),
                new AssociatedData("ws-2", "s-1", "token", 1));
        List<EncryptedValue> sealed = places.stream().map(place -> cipher.encrypt(new Plaintext("same value"), place))
                .toList();
        int refused = 0;
        for (int value = 0; value < sealed.size(); value++) {
            for (int place = 0; place < places.size(); place++) {
                if (value != place) {
                    int v = value;
                    int p = place;
                    refused += integrityError(() -> cipher.decrypt(sealed.get(v), places.get(p))) ? 1 : 0;
                }
            }
        }
        assertThat(refused).isEqualTo(places.size() * (places.size() - 1));
    }

    @Test
    void canRefuseEveryFlippedBitAndEverySwapOfAWrappedDataKey() {
        EncryptedValue first = cipher.encrypt(new Plaintext("one"), TOKEN);
        cipher.encrypt(new Plaintext("two"), new AssociatedData("ws", "s-2", "token", 1));
        DataKeyEntry entry = vault.dataKeys.get("s-1");
        int attempts = 0;
        int refused = 0;
        for (int part = 0; part < 2; part++) {
            byte[] bytes = part == 0 ? entry.key().wrapped() : entry.key().nonce();
            for (int bit = 0; bit < bytes.length * 8; bit++) {
                byte[] flipped = flip(bytes, bit);
                WrappedKey changed = part == 0 ? new WrappedKey(entry.key().wrappingKeyId(), entry.key().nonce(),
                        flipped) : new WrappedKey(entry.key().wrappingKeyId(), flipped, entry.key().wrapped());
                vault.dataKeys.put("s-1", new DataKeyEntry("s-1", "ws", entry.workspaceKeyVersion(), changed, null));
                attempts++;
                refused += integrityError(() -> new FieldCipher(hierarchy(), RANDOM, 1).decrypt(first, TOKEN)) ? 1 : 0;
            }
        }
        vault.dataKeys.put("s-1", new DataKeyEntry("s-1", "ws", entry.workspaceKeyVersion(),
                vault.dataKeys.get("s-2").key(), null));
        attempts++;
        refused += integrityError(() -> new FieldCipher(hierarchy(), RANDOM, 1).decrypt(first, TOKEN)) ? 1 : 0;

        assertThat(refused).isEqualTo(attempts);
        vault.dataKeys.put("s-1", entry);
        assertThat(new FieldCipher(hierarchy(), RANDOM, 1).decrypt(first, TOKEN).value()).isEqualTo("one");
    }

    /** Ten million encryptions under one data key: every nonce is new (a repeated one would expose both values). */
    @Test
    void canDrawTenMillionNoncesUnderOneKeyWithoutARepeat() {
        int count = Integer.getInteger("secretledger.battery.nonces", 10_000_000);
        FieldCipher one = new FieldCipher(new io.secretledger.command.support.Fixtures.FixedKey(), RANDOM, count);
        long[] high = new long[count];
        int[] low = new int[count];
        Plaintext value = new Plaintext("0123456789abcdef");
        for (int i = 0; i < count; i++) {
            java.nio.ByteBuffer nonce = java.nio.ByteBuffer.wrap(one.encrypt(value, TOKEN).nonce());
            high[i] = nonce.getLong();
            low[i] = nonce.getInt();
        }
        // Sorted by their first 64 bits; equal neighbours are compared in full.
        long[] sorted = high.clone();
        java.util.Arrays.sort(sorted);
        int repeats = 0;
        for (int i = 1; i < count; i++) {
            if (sorted[i] == sorted[i - 1]) {
                long prefix = sorted[i];
                java.util.Set<Integer> lows = new java.util.HashSet<>();
                for (int j = 0; j < count; j++) {
                    if (high[j] == prefix && !lows.add(low[j])) {
                        repeats++;
                    }
                }
            }
        }
        assertThat(repeats).isZero();
        assertThat(one.encryptionsWith("s-1", "test-key")).isEqualTo(count);
    }

    private KeyHierarchy hierarchy() {
        return new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM);
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }

    /** Whether the action failed with an integrity error; any other outcome, a result included, is not one. */
    private static boolean integrityError(Supplier<?> action) {
        try {
            action.get();
            return false;
        } catch (DomainException e) {
            return e.details().code() == ErrorCode.INTEGRITY;
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
