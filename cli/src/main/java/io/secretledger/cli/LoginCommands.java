package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** {@code login}, {@code logout}, {@code whoami} and {@code use}: who the command line acts as, and where. */
final class LoginCommands {

    static final String ME = """
            query { me { type memberId workspaceId email operator issuer subject
              memberships { workspaceId workspaceName memberId email permissions suspended } } }""";

    private LoginCommands() {
    }

    /**
     * Keeps a token after the service accepted it: given with {@code --token} (or {@code --token-stdin}, so that it
     * stays out of the shell's history), typed at the prompt, or from the identity provider's device flow
     * ({@code --device}, with {@code --issuer} and {@code --client-id}).
     */
    static void login(Context context) {
        Args args = context.args;
        String given = args.option("token");
        boolean fromStdin = args.flag("token-stdin");
        boolean device = args.flag("device");
        String issuer = args.option("issuer");
        String clientId = args.option("client-id");
        String scope = args.option("scope");
        args.requireOnly(1);
        String token;
        if (device) {
            issuer = first(issuer, context.settings.text("issuer"), context.env.get("SECRETLEDGER_OIDC_ISSUER"));
            clientId = first(clientId, context.settings.text("clientId"), context.env.get("SECRETLEDGER_OIDC_CLIENT_ID"));
            if (issuer == null || clientId == null) {
                throw CliException.usage("--device needs --issuer and --client-id (or SECRETLEDGER_OIDC_ISSUER and "
                        + "SECRETLEDGER_OIDC_CLIENT_ID)");
            }
            token = new DeviceLogin(context.json, context.output).signIn(issuer, clientId,
                    scope == null ? "openid email" : scope);
        } else if (given != null) {
            token = given;
        } else if (!fromStdin && System.console() != null) {
            char[] typed = System.console().readPassword("Token: ");
            token = typed == null ? null : new String(typed);
        } else {
            token = context.readLine(fromStdin ? null : "Token: ");
        }
        if (token == null || token.isBlank()) {
            throw CliException.usage("No token given");
        }
        Service service = new Service(context.url(), token.strip(), null, context.json);
        JsonNode me = service.graphql(ME, Map.of()).path("me");
        context.settings.put("url", context.url());
        context.settings.put("token", token.strip());
        // A workspace chosen under another sign-in may be none of this person's.
        context.settings.put("workspace", null);
        if (device) {
            context.settings.put("issuer", issuer);
            context.settings.put("clientId", clientId);
        }
        context.settings.save();
        if (context.output.json) {
            context.output.print(me);
        } else {
            int count = me.path("memberships").size();
            context.output.out.println("Signed in to " + context.url() + " as " + Output.text(me, "email") + " ("
                    + Output.text(me, "type") + (me.path("operator").asBoolean() ? ", operator" : "") + "); "
                    + count + (count == 1 ? " workspace" : " workspaces") + ".");
        }
    }

    static void logout(Context context) {
        context.args.requireOnly(1);
        context.settings.put("token", null);
        context.settings.put("workspace", null);
        context.settings.save();
        context.output.note("Signed out: the token is no longer kept in " + context.settings.file());
    }

    static void whoami(Context context) {
        context.args.requireOnly(1);
        JsonNode me = context.service().graphql(ME, Map.of()).path("me");
        context.output.emit(me, List.of("TYPE", "EMAIL", "WORKSPACE", "MEMBER", "OPERATOR", "ISSUER", "SUBJECT"),
                List.of(Output.row(text(me, "type"), text(me, "email"), text(me, "workspaceId"), text(me, "memberId"),
                        String.valueOf(me.path("operator").asBoolean()), text(me, "issuer"), text(me, "subject"))));
    }

    /** Makes a workspace (by id or name, among the person's memberships) the one later commands work in. */
    static void use(Context context) {
        String workspace = context.args.word(1, "the workspace (id or name)");
        context.args.requireOnly(2);
        String token = context.settings.token();
        if (token == null) {
            throw CliException.api("UNAUTHENTICATED", null, "Not signed in: run 'secretledger login'");
        }
        Service service = new Service(context.url(), token, null, context.json);
        String id = Context.resolveWorkspace(service, workspace);
        JsonNode me = service.inWorkspace(id).graphql("query { me { workspaceId } }", Map.of()).path("me");
        if (!id.equals(text(me, "workspaceId"))) {
            throw CliException.api("FORBIDDEN", "workspace", "You are no member of the workspace " + workspace);
        }
        context.settings.put("workspace", id);
        context.settings.save();
        context.output.note("Working in " + id + " from now on");
    }

    private static String text(JsonNode node, String field) {
        return Output.text(node, field);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
