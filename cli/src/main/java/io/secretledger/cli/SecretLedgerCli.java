package io.secretledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The {@code secretledger} command: SecretLedger for people at a terminal and for scripts, through the public GraphQL
 * API and the export endpoint only, as any other client. Tables by default, one JSON document with {@code --json};
 * the exit code says how it went ({@link Exit}); errors go to standard error with the API's stable code.
 */
public final class SecretLedgerCli {

    static final String HELP = """
            Usage: secretledger [--url URL] [--workspace ID|NAME] [--json] [--config FILE] COMMAND

              login [--token T | --token-stdin | --device --issuer URL --client-id ID]
                                          keep a token (asked for when not given) after the service accepts it
              logout                      forget the kept token
              whoami                      who the token says you are
              workspaces [--all [--search S]]
                                          your workspaces (--all: the installation's, for operators)
              use WORKSPACE               work in this workspace from now on (id or name)
              accept TOKEN                accept an invitation (- reads the mailed token from standard input)
              invite EMAIL [--role OWNER|ADMIN|EDITOR | --permissions P,Q] [--title T] [--division D]
                           [--expires-in-hours N]
                                          invite a person to the workspace (owners)
              secrets ls [--search S] [--ticket T]
              secrets show NAME           a secret with its fields, sensitive values masked
              secrets reveal NAME/FIELD [--ticket T] [--reason R] [--confirm-expired]
                                          print one value (asks for the e-mailed code where required)
              audit export [--from T] [--to T] [--secret NAME] [--actor ID] [--action A] [--out FILE]
              departure-report MEMBER [--from T] [--to T] [--out FILE]
                                          what a member (id, or a current member's e-mail) or service account
                                          revealed or used and is still current: the fields to rotate (owners;
                                          operators with --workspace); --json/--out: every exposure as NDJSON;
                                          recorded in the workspace's audit log
              verify-audit [--all] [--from T] [--to T]
                                          recompute the audit log's hash chain (exit 8 when broken);
                                          --all: every workspace's (operators)
              workspaces create NAME --owner EMAIL | rename WS NAME | suspend WS --reason R | resume WS
                                          operators only

            Settings: --url, SECRETLEDGER_URL or the saved one (default http://localhost:8080); SECRETLEDGER_TOKEN;
            --workspace or SECRETLEDGER_WORKSPACE; the file is SECRETLEDGER_CONFIG or ~/.config/secretledger/cli.json.
            Exit codes: 0 ok, 1 usage, 2 unauthenticated, 3 forbidden, 4 not found, 5 invalid input, 6 conflict,
            7 verification code, 8 integrity (audit chain broken), 9 service unavailable or failed.
            """;

    private static final Set<String> SWITCHES = Set.of("json", "all", "device", "token-stdin", "confirm-expired",
            "help");

    private SecretLedgerCli() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.in, System.out, System.err, System.getenv()));
    }

    static int run(String[] argv, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        ObjectMapper json = new ObjectMapper();
        boolean asJson = false;
        try {
            Args args = Args.parse(argv, SWITCHES);
            asJson = args.flag("json");
            String url = args.option("url");
            String workspace = args.option("workspace");
            Settings settings = Settings.load(args.option("config"), env, json);
            if (args.flag("help") || args.words().isEmpty() || "help".equals(args.words().get(0))) {
                boolean asked = args.flag("help") || !args.words().isEmpty();
                (asked ? out : err).print(HELP);
                return asked ? Exit.OK.code : Exit.USAGE.code;
            }
            Output output = new Output(out, err, asJson, json);
            Context context = new Context(args, settings, output, json, env,
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), url, workspace);
            switch (args.words().get(0)) {
                case "login" -> LoginCommands.login(context);
                case "logout" -> LoginCommands.logout(context);
                case "whoami" -> LoginCommands.whoami(context);
                case "use" -> LoginCommands.use(context);
                case "invite" -> InvitationCommands.invite(context);
                case "accept" -> InvitationCommands.accept(context);
                case "workspaces" -> WorkspaceCommands.run(context);
                case "secrets" -> SecretCommands.run(context);
                case "audit" -> AuditCommands.run(context);
                case "verify-audit" -> AuditCommands.verify(context);
                case "departure-report" -> DepartureCommands.run(context);
                default -> throw CliException.usage("Unknown command: " + args.words().get(0)
                        + " (secretledger help lists them)");
            }
            out.flush();
            return Exit.OK.code;
        } catch (CliException e) {
            report(err, json, asJson, e.apiCode, e.field, e.getMessage());
            return e.exit.code;
        } catch (UncheckedIOException e) {
            report(err, json, asJson, null, null, e.getMessage());
            return Exit.UNAVAILABLE.code;
        } catch (RuntimeException e) {
            report(err, json, asJson, "INTERNAL", null, "The command line failed (" + e.getClass().getSimpleName()
                    + "); please report it");
            return Exit.UNAVAILABLE.code;
        }
    }

    private static void report(PrintStream err, ObjectMapper json, boolean asJson, String code, String field,
                               String message) {
        if (asJson) {
            ObjectNode error = json.createObjectNode();
            error.putObject("error").put("code", code).put("field", field).put("message", message);
            err.println(error);
        } else {
            err.println("secretledger: " + (code == null ? "" : code + (field == null ? "" : " (" + field + ")")
                    + ": ") + message);
        }
    }
}
