package io.secretledger.query.departure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldLineageTest {

    @Test
    void canTellAValueRotatedAway() {
        FieldLineage lineage = FieldLineage.of(1).changedTo(2);

        assertThat(lineage.holds(1)).isFalse();
        assertThat(lineage.holds(2)).isTrue();
    }

    @Test
    void canFollowARollbackOfARollbackToTheValueFirstSeen() {
        FieldLineage lineage = FieldLineage.of(1).changedTo(2).rolledBack(3, 1).changedTo(4).rolledBack(5, 3);

        assertThat(lineage.current()).isEqualTo(5);
        assertThat(lineage.holds(1)).as("5 restores 3, which restored 1").isTrue();
        assertThat(lineage.holds(3)).isTrue();
        assertThat(lineage.holds(2)).isFalse();
        assertThat(lineage.holds(4)).isFalse();
    }

    @Test
    void cannotCallAValueCurrentAgainAfterAnEditFollowsTheRollback() {
        FieldLineage lineage = FieldLineage.of(1).changedTo(2).rolledBack(3, 1).changedTo(4);

        assertThat(lineage.holds(1)).isFalse();
        assertThat(lineage.holds(3)).isFalse();
    }
}
