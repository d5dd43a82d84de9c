package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code invite} (an owner invites by e-mail) and {@code accept} (the invited person takes the mailed token). */
final class InvitationCommands {

    private InvitationCommands() {
    }

    static void invite(Context context) {
        String email = context.args.word(1, "the e-mail address to invite");
        Map<String, Object> input = new HashMap<>();
        input.put("email", email);
        input.put("role", context.args.option("role"));
        String permissions = context.args.option("permissions");
        if (permissions != null) {
            input.put("permissions", Arrays.stream(permissions.split(",")).map(String::strip).toList());
        }
        input.put("title", context.args.option("title"));
        input.put("division", context.args.option("division"));
        String hours = context.args.option("expires-in-hours");
        context.args.requireOnly(2);
        if (hours != null) {
            try {
                input.put("expiresInHours", Integer.parseInt(hours));
            } catch (NumberFormatException e) {
                throw CliException.usage("--expires-in-hours takes a number of hours");
            }
        }
        JsonNode invitation = context.service().graphql("mutation($input: InviteMemberInput!) { inviteMember("
                        + "input: $input) { invitation { id email permissions title division expiresAt } } }",
                Map.of("input", input)).path("inviteMember").path("invitation");
        context.output.emit(invitation, List.of("INVITATION", "EMAIL", "PERMISSIONS", "EXPIRES"),
                List.of(Output.row(Output.text(invitation, "id"), Output.text(invitation, "email"),
                        WorkspaceCommands.join(invitation.path("permissions")), Output.text(invitation, "expiresAt"))));
    }

    /**
     * Accepts the token of an invitation mail ({@code -} reads it from standard input). With the service's own token
     * issuer the answer is the new member's token, which is kept as {@code login} keeps one; with an identity
     * provider, log in there first ({@code login --device}) and the membership joins that identity.
     */
    static void accept(Context context) {
        String token = context.args.word(1, "the invitation's token (or - to read it from standard input)");
        context.args.requireOnly(2);
        if ("-".equals(token)) {
            token = context.readLine(null);
        }
        if (token == null || token.isBlank()) {
            throw CliException.usage("No invitation token given");
        }
        String signedIn = context.settings.token();
        Service service = new Service(context.url(), signedIn, null, context.json);
        JsonNode accepted = service.graphql("mutation($input: AcceptInvitationInput!) { acceptInvitation(input: "
                + "$input) { workspaceId memberId email token expiresAt } }", Map.of("input", Map.of("token",
                token.strip()))).path("acceptInvitation");
        if (accepted.hasNonNull("token")) {
            if (signedIn != null) {
                context.output.note("The new member's token replaces the one kept before.");
            }
            context.settings.put("url", context.url());
            context.settings.put("token", accepted.get("token").asText());
            context.settings.put("workspace", accepted.path("workspaceId").asText());
            context.settings.save();
        }
        if (context.output.json) {
            var shown = accepted.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) shown).remove("token");
            context.output.print(shown);
        } else {
            context.output.out.println("Joined workspace " + accepted.path("workspaceId").asText() + " as "
                    + accepted.path("email").asText() + (accepted.hasNonNull("token")
                    ? "; signed in (the token is kept in " + context.settings.file() + ")" : "") + ".");
        }
    }
}
