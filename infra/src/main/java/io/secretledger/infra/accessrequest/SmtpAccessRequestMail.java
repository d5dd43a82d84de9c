package io.secretledger.infra.accessrequest;

import io.secretledger.command.accessrequest.AccessRequestMail;
import io.secretledger.infra.mail.Mailer;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Sends the mails of access requests, one message per recipient so nobody learns who else approves. They leave after
 * the request is stored; a mail server that is down costs the mail (logged), never the decision already recorded.
 */
@Component
class SmtpAccessRequestMail implements AccessRequestMail {

    private final Mailer mailer;

    SmtpAccessRequestMail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        for (String address : to) {
            mailer.sendOrLog(address, subject, text);
        }
    }
}
