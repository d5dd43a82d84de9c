package io.secretledger.api.share;

/**
 * What a link page may show before anything is used: whether the link is live, whether it asks for an e-mailed
 * code, and the label of the field. A dead link (and a forged one) is only {@link #DEAD}, whatever killed it.
 */
public record LinkCheck(boolean live, boolean codeRequired, String fieldLabel) {

    public static final LinkCheck DEAD = new LinkCheck(false, false, null);
}
