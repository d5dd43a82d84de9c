package io.secretledger.infra.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The texts of the mails an in-process SMTP server received, by recipient and subject. */
public final class ReceivedMail {

    private ReceivedMail() {
    }

    /** The texts of the mails to {@code address} whose subject starts with {@code subject}, received so far. */
    public static List<String> texts(GreenMail mail, String address, String subject) throws Exception {
        List<String> found = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)
                    && message.getSubject().startsWith(subject)) {
                found.add(String.valueOf(message.getContent()));
            }
        }
        return found;
    }

    /** As {@link #texts}, once there is at least one (10 s at most: mails leave after their command). */
    public static List<String> awaitTexts(GreenMail mail, String address, String subject) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> texts(mail, address, subject),
                found -> !found.isEmpty());
    }
}
