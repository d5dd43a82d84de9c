package io.secretledger.graphql.support;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.error.ApiException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Ids are UUIDs made by the API; anything else is refused before it reaches the command or query side. */
public final class Ids {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The id in canonical form, or VALIDATION naming {@code field}. */
    public static String require(String id, String field) {
        if (id == null || !UUID_FORM.matcher(id).matches()) {
            throw new ApiException(ErrorCode.VALIDATION, field, "Not a valid id");
        }
        return id.toLowerCase();
    }

    /** Null stays null (the domain says whether it is required); anything else must be an id. */
    public static String optional(String id, String field) {
        return id == null ? null : require(id, field);
    }
}
