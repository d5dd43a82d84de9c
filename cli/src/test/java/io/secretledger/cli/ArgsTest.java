package io.secretledger.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    @Test
    void canReadWordsOptionsAndSwitchesInAnyOrder() {
        Args args = Args.parse(new String[] {"secrets", "--json", "ls", "--search=pay", "--ticket", "HD-1", "--",
                "--not-an-option"}, Set.of("json"));

        assertThat(args.flag("json")).isTrue();
        assertThat(args.option("search")).isEqualTo("pay");
        assertThat(args.option("ticket")).isEqualTo("HD-1");
        assertThat(args.words()).containsExactly("secrets", "ls", "--not-an-option");
        args.requireOnly(3);
    }

    @Test
    void cannotPassAnOptionTheCommandDoesNotKnow() {
        Args args = Args.parse(new String[] {"secrets", "ls", "--serach", "pay"}, Set.of());
        args.option("search");

        assertThatThrownBy(() -> args.requireOnly(2)).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exit).isEqualTo(Exit.USAGE));
    }

    @Test
    void cannotLeaveOutAnOptionsValue() {
        assertThatThrownBy(() -> Args.parse(new String[] {"login", "--token"}, Set.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage()).contains("--token"));
    }

    @Test
    void canMapEveryStableCodeOfTheApiToItsExitCode() {
        assertThat(Exit.of("UNAUTHENTICATED").code).isEqualTo(2);
        assertThat(Exit.of("FORBIDDEN").code).isEqualTo(3);
        assertThat(Exit.of("NOT_FOUND").code).isEqualTo(4);
        assertThat(Exit.of("VALIDATION").code).isEqualTo(5);
        assertThat(Exit.of("CONFLICT").code).isEqualTo(6);
        assertThat(Exit.of("VERIFICATION_FAILED").code).isEqualTo(7);
        assertThat(Exit.of("INTEGRITY").code).isEqualTo(8);
        assertThat(Exit.of("INTERNAL").code).isEqualTo(9);
        assertThat(Exit.of(null).code).isEqualTo(9);
    }
}
