package io.secretledger.infra.support;

import com.icegreen.greenmail.util.GreenMail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The invitation tokens the development mailbox received. */
public final class InvitationMails {

    private InvitationMails() {
    }

    /** The invitation token of the newest mail for the workspace. */
    public static String tokenFor(GreenMail mail, String workspaceId) throws Exception {
        return tokenFor(mail, workspaceId, null);
    }

    /** The invitation token of the newest mail for the workspace to {@code recipient} (any, when null). */
    public static String tokenFor(GreenMail mail, String workspaceId, String recipient) throws Exception {
        String found = null;
        for (var message : mail.getReceivedMessages()) {
            if (recipient != null && !message.getAllRecipients()[0].toString().equalsIgnoreCase(recipient)) {
                continue;
            }
            Matcher token = Pattern.compile("slinv\\." + Pattern.quote(workspaceId) + "\\.\\S+")
                    .matcher(String.valueOf(message.getContent()));
            if (token.find()) {
                found = token.group();
            }
        }
        assertThat(found).as("an invitation mail for " + workspaceId).isNotNull();
        return found;
    }
}
