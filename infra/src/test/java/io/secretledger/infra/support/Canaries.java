package io.secretledger.infra.support;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique plaintext values planted by the tests of the shared application, remembered so that a sweep after the whole
 * battery ({@code CanarySweepTest}, run last) can search every stored byte and every log line for them.
 */
public final class Canaries {

    private static final Set<String> PLANTED = ConcurrentHashMap.newKeySet();

    private Canaries() {
    }

    /** A new value that must never be found in the clear: {@code prefix} and a random UUID. */
    public static String plant(String prefix) {
        String canary = prefix + "-canary-" + UUID.randomUUID();
        PLANTED.add(canary);
        return canary;
    }

    /** A value the server made that must never be stored or logged in the clear, such as an API token it issued. */
    public static void remember(String issued) {
        PLANTED.add(issued);
    }

    public static Set<String> planted() {
        return Set.copyOf(PLANTED);
    }
}
