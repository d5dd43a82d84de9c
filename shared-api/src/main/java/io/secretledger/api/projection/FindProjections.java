package io.secretledger.api.projection;

/** The projections of this process and how far each has come. */
public record FindProjections() {
}
