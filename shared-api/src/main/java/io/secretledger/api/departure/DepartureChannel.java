package io.secretledger.api.departure;

/** How a departure report was read. */
public enum DepartureChannel {
    /** The {@code departureReport} GraphQL query. */
    GRAPHQL,
    /** The NDJSON export, {@code GET /departure/export}. */
    NDJSON_EXPORT
}
