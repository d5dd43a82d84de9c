package io.secretledger.infra.invitation;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.workspace.InvitationMail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Sends invitations over SMTP with Spring Mail (the development mailbox in the default profile). */
@Component
class SmtpInvitationMail implements InvitationMail {

    private final JavaMailSender sender;
    private final String from;
    private final String publicUrl;

    SmtpInvitationMail(JavaMailSender sender, @Value("${secretledger.mail.from:secretledger@localhost}") String from,
                       @Value("${secretledger.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.from = from;
        this.publicUrl = publicUrl;
    }

    @Override
    public void send(String email, String workspaceName, Plaintext token, Instant expiresAt) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(email);
        message.setSubject("You are invited to " + workspaceName + " on SecretLedger");
        message.setText("You are invited to the SecretLedger workspace \"" + workspaceName + "\".\n\n"
                + "Your invitation token (it works once, until "
                + DateTimeFormatter.ISO_INSTANT.format(expiresAt.atOffset(ZoneOffset.UTC)) + "):\n\n"
                + token.value() + "\n\n"
                + "Accept it at " + publicUrl + "/graphiql with\n"
                + "  mutation { acceptInvitation(input: {token: \"<the token>\"}) { workspaceId memberId token } }\n"
                + "(signed in with your identity provider, if your installation uses one).\n"
                + "If you did not expect this, ignore it: nothing happens without the token.\n");
        sender.send(message);
    }
}
