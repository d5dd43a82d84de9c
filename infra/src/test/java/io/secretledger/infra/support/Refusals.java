package io.secretledger.infra.support;

import org.springframework.graphql.ResponseError;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of the one error a refused GraphQL call answers with. */
public final class Refusals {

    private Refusals() {
    }

    /** One error with this code and, unless {@code field} is null, naming this field. */
    public static void assertSingle(List<ResponseError> errors, String code, String field) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getExtensions()).containsEntry("code", code);
        if (field != null) {
            assertThat(errors.get(0).getExtensions()).containsEntry("field", field);
        }
    }
}
