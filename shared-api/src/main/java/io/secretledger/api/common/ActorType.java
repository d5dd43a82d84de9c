package io.secretledger.api.common;

/** OPERATOR: a person who runs the installation (creates and suspends workspaces); never a workspace member. */
public enum ActorType {
    MEMBER,
    SERVICE_ACCOUNT,
    SYSTEM,
    OPERATOR,
    /** A client's contact (a helpdesk contact id), acting through a share link or a credential request. */
    CONTACT
}
