package io.secretledger.api.projection;

import io.secretledger.api.common.Actor;

/** Clear a projection and replay every event into it again (an operator's command). */
public record RebuildProjection(String name, Actor actor) {
}
