package io.secretledger.command.key;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.key.MasterKeyRotated;
import io.secretledger.api.key.RotateMasterKey;
import io.secretledger.command.common.DomainExceptionTranslator;
import io.secretledger.command.crypto.FileMasterKeys;
import io.secretledger.command.crypto.InMemoryKeyVault;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.support.Fixtures;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;

import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class KeyCustodyTest {

    private static final Actor OPERATOR = Actor.member("op-1", "ops@example.com");

    @Test
    void canRotateAGeneratedMasterKeyAndRecordsBothFingerprints(@TempDir Path dir) {
        FileMasterKeys masters = FileMasterKeys.loadOrCreate(dir.resolve("master.key"), false, new SecureRandom());
        String before = masters.currentId();
        KeyHierarchy keys = new KeyHierarchy(masters, new InMemoryKeyVault(), new SecureRandom());
        keys.forEncryption("ws", "s-1");
        new AggregateTestFixture<>(KeyCustody.class)
                .registerInjectableResource(keys)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator())
                .givenNoPriorActivity()
                .when(new RotateMasterKey(RotateMasterKey.CUSTODY, OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(event ->
                        event instanceof MasterKeyRotated rotated && rotated.fromKeyId().equals(before)
                                && rotated.toKeyId().equals(masters.currentId()) && !before.equals(masters.currentId())
                                && rotated.rewrapped() == 1 && rotated.actor().equals(OPERATOR)))));
    }

    @Test
    void cannotRotateAConfiguredMasterKeyFromHereAndSaysHow() {
        new AggregateTestFixture<>(KeyCustody.class)
                .registerInjectableResource(Fixtures.keys())
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator())
                .givenNoPriorActivity()
                .when(new RotateMasterKey(RotateMasterKey.CUSTODY, OPERATOR))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, null))
                .expectNoEvents();
    }
}
