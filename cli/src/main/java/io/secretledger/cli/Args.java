package io.secretledger.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into words and options: {@code --name value}, {@code --name=value}, and switches (options
 * that take no value, named when parsing). Anything after {@code --} is a word. Unknown options are refused by
 * {@link #requireOnly}, so that a typo never silently changes what a command does.
 */
final class Args {

    private final List<String> words = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    static Args parse(String[] argv, Set<String> switches) {
        Args args = new Args();
        boolean onlyWords = false;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (onlyWords || !arg.startsWith("--") || arg.length() == 2) {
                if ("--".equals(arg) && !onlyWords) {
                    onlyWords = true;
                } else {
                    args.words.add(arg);
                }
                continue;
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (switches.contains(name)) {
                value = "true";
            } else if (i + 1 < argv.length) {
                value = argv[++i];
            } else {
                throw CliException.usage("--" + name + " needs a value");
            }
            args.options.put(name, value);
        }
        return args;
    }

    List<String> words() {
        return words;
    }

    String word(int index, String what) {
        if (index >= words.size()) {
            throw CliException.usage("Missing " + what);
        }
        return words.get(index);
    }

    String option(String name) {
        used.add(name);
        return options.get(name);
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(option(name));
    }

    /** Refuses options the command does not know, and words beyond {@code maxWords}. */
    void requireOnly(int maxWords) {
        for (String name : options.keySet()) {
            if (!used.contains(name)) {
                throw CliException.usage("Unknown option --" + name);
            }
        }
        if (words.size() > maxWords) {
            throw CliException.usage("Unexpected argument: " + words.get(maxWords));
        }
    }
}
