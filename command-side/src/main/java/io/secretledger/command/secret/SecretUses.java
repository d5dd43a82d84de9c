package io.secretledger.command.secret;

import io.secretledger.api.integration.AuthorizeSecretUse;
import io.secretledger.api.integration.DecryptWithKey;
import io.secretledger.api.integration.EncryptWithKey;
import io.secretledger.api.integration.KeyOperationResult;
import io.secretledger.api.integration.SecretUseGrant;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.TransitKeys;
import io.secretledger.command.integration.HostResolver;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Calls name a secret by its reference name (seed 004), so this handler finds the secret by name and lets the
 * secret decide; the authorization is stored with the secret's other events before any value is handed out.
 */
public class SecretUses {

    private final Repository<Secret> secrets;
    private final SecretNames names;
    private final WorkspaceDirectory directory;
    private final HostResolver resolver;
    private final FieldCipher cipher;
    private final TicketDirectory tickets;
    private final TransitKeys transit;

    public SecretUses(Repository<Secret> secrets, SecretNames names, WorkspaceDirectory directory,
                      HostResolver resolver, FieldCipher cipher, TicketDirectory tickets, TransitKeys transit) {
        this.secrets = secrets;
        this.names = names;
        this.directory = directory;
        this.resolver = resolver;
        this.cipher = cipher;
        this.tickets = tickets;
        this.transit = transit;
    }

    @CommandHandler
    public SecretUseGrant handle(AuthorizeSecretUse command) {
        return secret(command.workspaceId(), command.secretName(), "request")
                .invoke(secret -> secret.authorizeUse(command, directory, resolver, cipher));
    }

    @CommandHandler
    public KeyOperationResult handle(EncryptWithKey command) {
        String[] ref = keyRef(command.keyRef());
        return secret(command.workspaceId(), ref[0], "keyRef").invoke(secret -> secret.encryptWithKey(command, ref[1],
                directory, tickets, cipher, transit));
    }

    @CommandHandler
    public KeyOperationResult handle(DecryptWithKey command) {
        String[] ref = keyRef(command.keyRef());
        return secret(command.workspaceId(), ref[0], "keyRef").invoke(secret -> secret.decryptWithKey(command, ref[1],
                directory, tickets, cipher, transit));
    }

    /** {@code name/field}: the only way a key is named (seed 004: no direct entry of keys). */
    private static String[] keyRef(String keyRef) {
        int slash = keyRef == null ? -1 : keyRef.lastIndexOf('/');
        if (slash <= 0 || slash == keyRef.length() - 1) {
            throw DomainException.invalid("keyRef", "Name the key as <secret name>/<field>");
        }
        return new String[] {keyRef.substring(0, slash), keyRef.substring(slash + 1)};
    }

    private org.axonframework.modelling.command.Aggregate<Secret> secret(String workspaceId, String name,
                                                                           String field) {
        String secretId = names.holder(workspaceId, name).orElseThrow(() -> noSuchSecret(field));
        try {
            return secrets.load(secretId);
        } catch (AggregateNotFoundException e) {
            throw noSuchSecret(field);
        }
    }

    private static DomainException noSuchSecret(String field) {
        return DomainException.notFound(field, "No secret of this workspace has this name");
    }
}
