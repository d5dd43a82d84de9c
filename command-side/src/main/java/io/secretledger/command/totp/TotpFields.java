package io.secretledger.command.totp;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.RevealedValue;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.totp.OneTimeCode;
import io.secretledger.api.totp.TotpDisclosure;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;

import java.time.Instant;

/**
 * What a secret does differently for a one-time-password field (docs/adr/0026): the input is checked and stored
 * as a canonical otpauth URI, a reveal hands out the current code, and the seed only to a member who may modify
 * the secret. The secret asks these few questions; the rules live here.
 */
public final class TotpFields {

    private TotpFields() {
    }

    /** A bad seed is INVALID_TOTP on the field's path, so that nothing is stored. */
    public static void check(String path, String value, Violations violations) {
        try {
            TotpSeed.parse(value);
        } catch (TotpSeed.Invalid invalid) {
            violations.add(ErrorCode.INVALID_TOTP, path, invalid.getMessage());
        }
    }

    /** The value to encrypt: for a one-time-password field its canonical URI, for every other field as given. */
    public static Plaintext normalise(FieldDefinition field, Plaintext value) {
        return field.type() == FieldType.TOTP ? new Plaintext(TotpSeed.parse(value.value()).uri()) : value;
    }

    /**
     * What a reveal of this field may hand out: null for a field that is no one-time password (which has no seed
     * to ask for), the code, or the seed for a member who may modify the secret. A refusal is FORBIDDEN, which the
     * secret records as any refused reveal.
     */
    public static TotpDisclosure disclosure(FieldDefinition field, boolean seedAsked, boolean mayModify) {
        if (field.type() != FieldType.TOTP) {
            if (seedAsked) {
                throw DomainException.invalid("seed", "Only one-time-password (TOTP) fields have a seed");
            }
            return null;
        }
        if (!seedAsked) {
            return TotpDisclosure.CODE;
        }
        if (!mayModify) {
            throw DomainException.forbidden(
                    "The seed of a one-time-password field is revealed only to members who may modify the secret");
        }
        return TotpDisclosure.SEED;
    }

    /** The reveal's answer: with CODE, the code of the time step {@code now} is in, instead of the seed. */
    public static RevealedValue answer(RevealedValue revealed, TotpDisclosure disclosure, Instant now) {
        if (disclosure != TotpDisclosure.CODE) {
            return revealed;
        }
        OneTimeCode code = Totp.at(TotpSeed.parse(revealed.value().value()), now);
        return new RevealedValue(revealed.secretId(), revealed.fieldKey(), revealed.fieldVersion(), revealed.grant(),
                new Plaintext(code.code()), null, code);
    }
}
