package io.secretledger.infra.share;

import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.share.CheckCredentialRequest;
import io.secretledger.api.share.CheckShareLink;
import io.secretledger.api.share.CredentialSubmission;
import io.secretledger.api.share.LinkCheck;
import io.secretledger.api.share.SendShareCode;
import io.secretledger.api.share.ShareLinkIds;
import io.secretledger.api.share.SharedFieldValue;
import io.secretledger.api.share.SubmitCredential;
import io.secretledger.api.share.ViewSharedField;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The pages a contact opens from a mail (issue 21): plain HTML served here, no login, no script, no style. A GET
 * only shows a button (a mail client's link scanner must not use a view); the POST does the work. Every dead,
 * forged, expired or used link gets the one same 404 page. No page may be cached, sent on as a referrer or framed.
 */
@RestController
class SharePages {

    private static final Logger log = LoggerFactory.getLogger(SharePages.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String POLICY = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final CommandGateway commands;

    SharePages(CommandGateway commands) {
        this.commands = commands;
    }

    @GetMapping("/share/{token}")
    ResponseEntity<String> shareLink(@PathVariable String token) {
        LinkCheck check = send(token, new CheckShareLink(ShareLinkIds.of(token)));
        if (check == null || !check.live()) {
            return dead();
        }
        return check.codeRequired() ? page(HttpStatus.OK, codeForm(token, check.fieldLabel(), false))
                : page(HttpStatus.OK, "<h1>" + esc(check.fieldLabel()) + "</h1><p>A value was shared with you. "
                + "Each time you show it counts as one view.</p><form method=\"post\" action=\"/share/" + token
                + "\"><button type=\"submit\">Show the value</button></form>");
    }

    @PostMapping("/share/{token}/code")
    ResponseEntity<String> sendCode(@PathVariable String token) {
        SharedFieldValue sent = send(token, new SendShareCode(ShareLinkIds.of(token)));
        if (sent == null || !sent.codeRequired()) {
            return dead();
        }
        return page(HttpStatus.OK, codeForm(token, sent.fieldLabel(), false)
                .replace("<form", "<p>A code is on its way to your e-mail.</p><form"));
    }

    @PostMapping("/share/{token}")
    ResponseEntity<String> view(@PathVariable String token, @RequestParam(required = false) String code) {
        SharedFieldValue shown = send(token, new ViewSharedField(ShareLinkIds.of(token),
                code == null ? null : new Plaintext(code)));
        if (shown == null || (shown.value() == null && !shown.codeRequired())) {
            return dead();
        }
        if (shown.value() == null) {
            return page(HttpStatus.OK, codeForm(token, shown.fieldLabel(), code != null && !code.isBlank()));
        }
        int left = shown.viewsLeft();
        return page(HttpStatus.OK, "<h1>" + esc(shown.fieldLabel()) + "</h1><pre>" + esc(shown.value().value())
                + "</pre><p>" + (left > 0 ? left + " more view" + (left == 1 ? "" : "s") + " left."
                : "This was the last view.") + " Copy it now; this page is not kept.</p>");
    }

    @GetMapping("/collect/{token}")
    ResponseEntity<String> collectForm(@PathVariable String token) {
        LinkCheck check = send(token, new CheckCredentialRequest(ShareLinkIds.of(token)));
        if (check == null || !check.live()) {
            return dead();
        }
        return page(HttpStatus.OK, form(token, check.fieldLabel(), null));
    }

    @PostMapping("/collect/{token}")
    ResponseEntity<String> collect(@PathVariable String token, @RequestParam(required = false) String value) {
        CredentialSubmission submitted = send(token, new SubmitCredential(ShareLinkIds.of(token),
                new Plaintext(value == null ? "" : value)));
        if (submitted == null) {
            return dead();
        }
        if (submitted.stored()) {
            return page(HttpStatus.OK, "<h1>Thank you</h1><p>The value is stored, encrypted. This link works no "
                    + "more.</p>");
        }
        if (submitted.refused() == null) {
            return dead();
        }
        ErrorDetails refused = submitted.refused();
        return page(HttpStatus.UNPROCESSABLE_ENTITY, "<h1>Not stored</h1><p>" + refused.code() + " "
                + esc(refused.field()) + ": " + esc(refused.message()) + "</p>"
                + form(token, null, "Nothing was stored; try again."));
    }

    /** The command's answer, or null for a link that does not exist (a forged or mistyped token). */
    @SuppressWarnings("unchecked")
    private <R> R send(String token, Object command) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return null;
        }
        try {
            return (R) commands.send(command).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted");
        } catch (Exception e) {
            // A forged or mistyped token names no aggregate (Axon wraps that in its own exceptions on the way back):
            // every link that cannot be opened gets the same page, and nothing of the request is logged.
            StringBuilder causes = new StringBuilder();
            for (Throwable cause = e; cause != null && causes.length() < 300; cause = cause.getCause()) {
                causes.append(cause.getClass().getSimpleName()).append(' ');
            }
            if (!causes.toString().contains("AggregateNotFoundException")) {
                log.warn("A share page's command failed: {}", causes.toString().trim());
            }
            return null;
        }
    }

    private static String codeForm(String token, String label, boolean wrong) {
        return "<h1>" + esc(label) + "</h1><p>This link asks for a code sent to your e-mail before each view.</p>"
                + (wrong ? "<p>That code did not work. Ask for a new one.</p>" : "")
                + "<form method=\"post\" action=\"/share/" + token + "/code\"><button type=\"submit\">"
                + "E-mail me a code</button></form><form method=\"post\" action=\"/share/" + token + "\">"
                + "<label>Code <input name=\"code\" autocomplete=\"one-time-code\" inputmode=\"numeric\"></label>"
                + "<button type=\"submit\">Show the value</button></form>";
    }

    private static String form(String token, String label, String note) {
        return (label == null ? "" : "<h1>" + esc(label) + "</h1><p>Your helpdesk asks you for this value. It is "
                + "encrypted as soon as it arrives; the link works once.</p>")
                + (note == null ? "" : "<p>" + esc(note) + "</p>")
                + "<form method=\"post\" action=\"/collect/" + token + "\"><label>Value <textarea name=\"value\" "
                + "autocomplete=\"off\" spellcheck=\"false\"></textarea></label><button type=\"submit\">Send"
                + "</button></form>";
    }

    private static ResponseEntity<String> dead() {
        return page(HttpStatus.NOT_FOUND, "<h1>Nothing here</h1><p>This link does not work (any more). Ask your "
                + "helpdesk for a new one.</p>");
    }

    static ResponseEntity<String> page(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .body("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" "
                        + "content=\"noindex\"><title>SecretLedger</title></head><body>" + body + "</body></html>");
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
