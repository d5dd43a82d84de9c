package io.secretledger.command.secret;

import io.secretledger.api.integration.AuthorizeSecretUse;
import io.secretledger.api.integration.SecretUseGrant;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.integration.HostResolver;
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

    public SecretUses(Repository<Secret> secrets, SecretNames names, WorkspaceDirectory directory,
                      HostResolver resolver, FieldCipher cipher) {
        this.secrets = secrets;
        this.names = names;
        this.directory = directory;
        this.resolver = resolver;
        this.cipher = cipher;
    }

    @CommandHandler
    public SecretUseGrant handle(AuthorizeSecretUse command) {
        String secretId = names.holder(command.workspaceId(), command.secretName())
                .orElseThrow(SecretUses::noSuchSecret);
        try {
            return secrets.load(secretId).invoke(secret -> secret.authorizeUse(command, directory, resolver, cipher));
        } catch (AggregateNotFoundException e) {
            throw noSuchSecret();
        }
    }

    private static DomainException noSuchSecret() {
        return DomainException.notFound("request", "No secret of this workspace has this name");
    }
}
