package io.secretledger.api.common;

/** Who asked for a change or a reveal: a member or (later) a service account of a workspace. */
public record Actor(ActorType type, String id, String displayName) {

    public static final Actor SYSTEM = new Actor(ActorType.SYSTEM, "system", "SecretLedger");

    public static Actor member(String memberId, String email) {
        return new Actor(ActorType.MEMBER, memberId, email);
    }
}
