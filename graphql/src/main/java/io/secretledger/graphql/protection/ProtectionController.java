package io.secretledger.graphql.protection;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.key.KeyRotation;
import io.secretledger.api.key.RotateMasterKey;
import io.secretledger.api.key.RotateWorkspaceKey;
import io.secretledger.api.verification.ConfirmRevealVerification;
import io.secretledger.api.verification.RequestRevealVerification;
import io.secretledger.api.verification.VerificationOutcome;
import io.secretledger.api.verification.VerificationRequest;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The e-mail step before reveals, and key rotations. */
@Controller
class ProtectionController {

    private static final int MAX_CODE_LENGTH = 32;

    private final CommandGateway commands;

    ProtectionController(CommandGateway commands) {
        this.commands = commands;
    }

    record RevealVerificationPayload(String requestId, String sentTo, Instant expiresAt) {
    }

    record ConfirmRevealVerificationInput(String code) {
    }

    record ConfirmRevealVerificationPayload(Instant unlockedUntil) {
    }

    record KeyRotationPayload(String fromKey, String toKey, int rewrapped) {
    }

    @MutationMapping
    CompletableFuture<RevealVerificationPayload> requestRevealVerification(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.<VerificationRequest>send(new RequestRevealVerification(
                        RequestRevealVerification.idOf(who.workspaceId(), who.memberId()), who.workspaceId(),
                        UUID.randomUUID().toString(), who.actor()))
                .thenApply(request -> new RevealVerificationPayload(request.requestId(), request.sentTo(),
                        request.expiresAt()));
    }

    @MutationMapping
    CompletableFuture<ConfirmRevealVerificationPayload> confirmRevealVerification(
            @Argument ConfirmRevealVerificationInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String code = input.code() == null ? "" : input.code().strip();
        if (code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION, "code", "Give the code from the e-mail");
        }
        return commands.<VerificationOutcome>send(new ConfirmRevealVerification(
                        RequestRevealVerification.idOf(who.workspaceId(), who.memberId()), who.workspaceId(),
                        new Plaintext(code), who.actor()))
                .thenApply(outcome -> {
                    if (outcome.succeeded()) {
                        return new ConfirmRevealVerificationPayload(outcome.unlockedUntil());
                    }
                    Map<String, Object> extensions = new LinkedHashMap<>();
                    extensions.put("reason", outcome.failure().name());
                    extensions.put("attemptsLeft", outcome.attemptsLeft());
                    if (outcome.lockedUntil() != null) {
                        extensions.put("lockedUntil", outcome.lockedUntil().toString());
                    }
                    throw new ApiException(ErrorCode.VERIFICATION_FAILED, "code", switch (outcome.failure()) {
                        case WRONG_CODE -> "The code is wrong";
                        case EXPIRED_CODE -> "The code has expired; ask for a new one";
                        case NO_PENDING_CODE -> "No code is pending (codes work once); ask for a new one";
                        case LOCKED_OUT -> "Too many wrong codes; wait until the lockout ends";
                    }, extensions);
                });
    }

    @MutationMapping
    CompletableFuture<KeyRotationPayload> rotateWorkspaceKey(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.<KeyRotation>send(new RotateWorkspaceKey(who.workspaceId(), who.actor()))
                .thenApply(ProtectionController::payload);
    }

    @MutationMapping
    CompletableFuture<KeyRotationPayload> rotateMasterKey(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.requireOperator(caller, "Master key rotations");
        return commands.<KeyRotation>send(new RotateMasterKey(RotateMasterKey.CUSTODY, who.operatorActor()))
                .thenApply(ProtectionController::payload);
    }

    private static KeyRotationPayload payload(KeyRotation rotation) {
        return new KeyRotationPayload(rotation.fromKey(), rotation.toKey(), rotation.rewrapped());
    }
}
