package io.secretledger.infra.diskspace;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.infra.SecretLedgerProperties;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the guard answers, on a disk that has less free space than it asks for (a minimum of a petabyte). */
class DiskSpaceGuardTest {

    @TempDir
    Path dataDir;

    @Test
    void aCommandThatFailedOnAFileWhileTheDiskFilledAnswersUnavailableAndTheNextIsRefused() throws Exception {
        DiskSpaceGuard guard = new DiskSpaceGuard(new SecretLedgerProperties(dataDir, dataDir.resolve("k"), true),
                SimpleCommandBus.builder().build(), DataSize.ofTerabytes(1_000_000), DataSize.ofMegabytes(1));
        // Not looked at yet: the command runs, and fails writing its file.
        assertThatThrownBy(() -> guard.handle(null, () -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        })).isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                .hasValueSatisfying(details -> assertThat(((ErrorDetails) details).code())
                        .isEqualTo(ErrorCode.UNAVAILABLE)));
        assertThat(guard.accepting()).isFalse();
        assertThatThrownBy(() -> guard.handle(null, () -> "ran")).isInstanceOf(CommandExecutionException.class)
                .hasMessageContaining("nearly full");
        // A failure that has nothing to do with files is left as it is.
        DiskSpaceGuard roomy = new DiskSpaceGuard(new SecretLedgerProperties(dataDir, dataDir.resolve("k"), true),
                SimpleCommandBus.builder().build(), DataSize.ofBytes(0), DataSize.ofBytes(0));
        assertThatThrownBy(() -> roomy.handle(null, () -> {
            throw new IllegalStateException("not a file");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(roomy.handle(null, () -> "ran")).isEqualTo("ran");
    }
}
