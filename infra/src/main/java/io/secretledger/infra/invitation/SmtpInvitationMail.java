package io.secretledger.infra.invitation;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.workspace.InvitationMail;
import io.secretledger.infra.mail.Mailer;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Writes the invitation mail (sent as every mail is, {@link Mailer}). */
@Component
class SmtpInvitationMail implements InvitationMail {

    private final Mailer mailer;

    SmtpInvitationMail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(String email, String workspaceName, Plaintext token, Instant expiresAt) {
        mailer.send(email, "You are invited to " + workspaceName + " on SecretLedger",
                "You are invited to the SecretLedger workspace \"" + workspaceName + "\".\n\n"
                + "Your invitation token (it works once, until " + Mailer.utc(expiresAt) + "):\n\n"
                + token.value() + "\n\n"
                + "Accept it at " + mailer.publicUrl() + "/graphiql with\n"
                + "  mutation { acceptInvitation(input: {token: \"<the token>\"}) { workspaceId memberId token } }\n"
                + "(signed in with your identity provider, if your installation uses one).\n"
                + "If you did not expect this, ignore it: nothing happens without the token.\n");
    }
}
