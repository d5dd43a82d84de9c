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
import java.util.Map;
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
    private final FieldCipher cipher = new FieldCipher(keys, RANDOM);

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
        WrappedKey key = entry.keys().get(1);
        for (int part = 0; part < 2; part++) {
            byte[] bytes = part == 0 ? key.wrapped() : key.nonce();
            for (int bit = 0; bit < bytes.length * 8; bit++) {
                byte[] flipped = flip(bytes, bit);
                WrappedKey changed = part == 0 ? new WrappedKey(key.wrappingKeyId(), key.nonce(), flipped)
                        : new WrappedKey(key.wrappingKeyId(), flipped, key.wrapped());
                vault.dataKeys.put("s-1", new DataKeyEntry("s-1", "ws", entry.workspaceKeyVersion(), 1,
                        Map.of(1, changed), entry.reserved(), null));
                attempts++;
                refused += integrityError(() -> new FieldCipher(hierarchy(), RANDOM).decrypt(first, TOKEN)) ? 1 : 0;
            }
        }
        vault.dataKeys.put("s-1", new DataKeyEntry("s-1", "ws", entry.workspaceKeyVersion(), 1,
                vault.dataKeys.get("s-2").keys(), entry.reserved(), null));
        attempts++;
        refused += integrityError(() -> new FieldCipher(hierarchy(), RANDOM).decrypt(first, TOKEN)) ? 1 : 0;

        assertThat(refused).isEqualTo(attempts);
        vault.dataKeys.put("s-1", entry);
        assertThat(new FieldCipher(hierarchy(), RANDOM).decrypt(first, TOKEN).value()).isEqualTo("one");
    }

    /** Ten million encryptions under one data key: every nonce is new (a repeated one would expose both values). */
    @Test
    void canDrawTenMillionNoncesUnderOneKeyWithoutARepeat() {
        int count = Integer.getInteger("secretledger.battery.nonces", 10_000_000);
        FieldCipher one = new FieldCipher(new io.secretledger.command.support.Fixtures.FixedKey(), RANDOM);
        long[] high = new long[count];
        int[] low = new int[count];
        Plaintext value = new Plaintext("0123456789abcdef");
        int underTheKey = 0;
        for (int i = 0; i < count; i++) {
            EncryptedValue sealed = one.encrypt(value, TOKEN);
            underTheKey += sealed.keyId().equals("test-key") ? 1 : 0;
            java.nio.ByteBuffer nonce = java.nio.ByteBuffer.wrap(sealed.nonce());
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
        assertThat(underTheKey).isEqualTo(count);
    }

    /** A key never encrypts past its limit: the next encryption gets a new key version; every value still reads. */
    @Test
    void canRotateADataKeyBeforeItsUseLimitAndReadEveryValueAfterARestart() {
        KeyHierarchy limited = new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM, 10);
        FieldCipher cipher = new FieldCipher(limited, RANDOM);
        List<EncryptedValue> sealed = new java.util.ArrayList<>();
        for (int i = 0; i < 35; i++) {
            sealed.add(cipher.encrypt(new Plaintext("value-" + i), TOKEN));
        }
        Map<String, Long> perKey = sealed.stream().collect(java.util.stream.Collectors.groupingBy(
                EncryptedValue::keyId, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertThat(perKey).containsExactly(Map.entry("dk1", 10L), Map.entry("dk2", 10L), Map.entry("dk3", 10L),
                Map.entry("dk4", 5L));

        FieldCipher restarted = new FieldCipher(hierarchy(), RANDOM);
        for (int i = 0; i < sealed.size(); i++) {
            assertThat(restarted.decrypt(sealed.get(i), TOKEN).value()).isEqualTo("value-" + i);
        }
    }

    /** Counted ahead in the vault: restarts between encryptions never let a key pass its limit. */
    @Test
    void canKeepEveryKeyUnderItsLimitAcrossRestarts() {
        Map<String, Integer> perKey = new java.util.TreeMap<>();
        for (int restart = 0; restart < 40; restart++) {
            FieldCipher cipher = new FieldCipher(
                    new KeyHierarchy(new ConfiguredMasterKeys(master, List.of()), vault, RANDOM, 1_000), RANDOM);
            for (int i = 0; i < 50; i++) {
                perKey.merge(cipher.encrypt(new Plaintext("v"), TOKEN).keyId(), 1, Integer::sum);
            }
        }
        assertThat(perKey.values()).allMatch(count -> count <= 1_000);
        assertThat(perKey).hasSizeGreaterThan(2).containsKey("dk1");
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
