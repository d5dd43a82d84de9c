package io.secretledger.cli;

/**
 * Why a command stopped: the API's stable code and field where the service answered one, and the exit code. The
 * message is the service's (which never holds a secret value) or the command line's own.
 */
final class CliException extends RuntimeException {

    final Exit exit;
    final String apiCode;
    final String field;

    CliException(Exit exit, String apiCode, String field, String message) {
        super(message);
        this.exit = exit;
        this.apiCode = apiCode;
        this.field = field;
    }

    static CliException usage(String message) {
        return new CliException(Exit.USAGE, null, null, message);
    }

    static CliException api(String code, String field, String message) {
        return new CliException(Exit.of(code), code, field, message);
    }
}
