package io.secretledger.graphql.share;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.share.FindShareLinks;
import io.secretledger.api.share.RequestCredential;
import io.secretledger.api.share.RevokeShareLink;
import io.secretledger.api.share.ShareField;
import io.secretledger.api.share.ShareLinkIds;
import io.secretledger.api.share.ShareLinkList;
import io.secretledger.api.share.ShareLinkState;
import io.secretledger.api.share.ShareLinkStatus;
import io.secretledger.api.share.ShareLinkView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.support.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Share links and credential requests (issue 21). The token is drawn here, 256 bits from a CSPRNG, and only its
 * hash names the link on the command side; the token goes along only to be mailed, and is answered here once.
 */
@Controller
class ShareController {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LINK_ID = Pattern.compile("[0-9a-f]{64}");

    private final CommandGateway commands;
    private final QueryGateway queries;

    ShareController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record ShareFieldInput(String secretId, String fieldKey, String contactId, String contactEmail, String ticketId,
                           Integer expiresInHours, Integer maxViews, Boolean requireCode) {
    }

    record RequestCredentialInput(String secretId, String fieldKey, String contactId, String contactEmail,
                                  String ticketId, Integer expiresInHours) {
    }

    record ShareLinkPayload(String linkId, String token, String path, ShareLinkStatus status, Instant expiresAt,
                            int viewsLeft) {
    }

    @QueryMapping
    CompletableFuture<List<ShareLinkView>> shareLinks(@Argument String secretId,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindShareLinks(who.workspaceId(), who.memberId(), Ids.require(secretId, "secretId")),
                ShareLinkList.class).thenApply(ShareLinkList::items);
    }

    @MutationMapping
    CompletableFuture<ShareLinkPayload> shareField(@Argument ShareFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String token = newToken();
        ShareField command = new ShareField(ShareLinkIds.of(token), new Plaintext(token), who.workspaceId(),
                Ids.require(input.secretId(), "secretId"), input.fieldKey(), input.contactId(), input.contactEmail(),
                Ids.require(input.ticketId(), "ticketId"), hours(input.expiresInHours()),
                input.maxViews() == null ? 1 : input.maxViews(), Boolean.TRUE.equals(input.requireCode()),
                who.actor());
        return commands.<ShareLinkState>send(command).thenApply(state -> payload(state, token, "/share/"));
    }

    @MutationMapping
    CompletableFuture<ShareLinkPayload> requestCredential(@Argument RequestCredentialInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String token = newToken();
        RequestCredential command = new RequestCredential(ShareLinkIds.of(token), new Plaintext(token),
                who.workspaceId(), Ids.require(input.secretId(), "secretId"), input.fieldKey(), input.contactId(),
                input.contactEmail(), Ids.require(input.ticketId(), "ticketId"), hours(input.expiresInHours()),
                who.actor());
        return commands.<ShareLinkState>send(command).thenApply(state -> payload(state, token, "/collect/"));
    }

    @MutationMapping
    CompletableFuture<ShareLinkPayload> revokeShareLink(@Argument String linkId,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        if (linkId == null || !LINK_ID.matcher(linkId).matches()) {
            throw new ApiException(ErrorCode.VALIDATION, "linkId", "Not a link id");
        }
        return commands.<ShareLinkState>send(new RevokeShareLink(linkId, who.workspaceId(), who.actor()))
                .thenApply(state -> payload(state, null, null));
    }

    private static ShareLinkPayload payload(ShareLinkState state, String token, String path) {
        if (state.refused() != null) {
            throw ApiException.of(state.refused());
        }
        return new ShareLinkPayload(state.linkId(), token, token == null ? null : path + token, state.status(),
                state.expiresAt(), state.viewsLeft());
    }

    private static int hours(Integer expiresInHours) {
        if (expiresInHours == null) {
            throw new ApiException(ErrorCode.VALIDATION, "expiresInHours", "Say for how many hours");
        }
        return expiresInHours;
    }

    private static String newToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
