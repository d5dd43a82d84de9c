package io.secretledger.command.accessrequest;

import java.util.List;

/** Tells people about requests by e-mail: what was asked and decided, never a value. */
public interface AccessRequestMail {

    void send(List<String> to, String subject, String text);
}
