package io.secretledger.api.common;

public enum ActorType {
    MEMBER,
    SERVICE_ACCOUNT,
    SYSTEM
}
