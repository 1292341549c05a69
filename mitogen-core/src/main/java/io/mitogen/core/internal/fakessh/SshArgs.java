package io.mitogen.core.internal.fakessh;

import java.util.ArrayList;
import java.util.List;

/**
 * An ssh command line as rsync, git, scp and sftp build it: OpenSSH's options (those taking an
 * argument, as {@code -p 22} or {@code -p22}; flags, alone or bundled as {@code -xT}), then the
 * host ({@code user@host}; it stands for the destination context, whatever it says), then the
 * remote command, whose words are joined with spaces as ssh does. OpenSSH also reads options
 * after the host, until the first word that is not one; so does this. {@code -s} makes the command
 * a subsystem name ({@code ssh -s host sftp}). Options that ask for what a relay cannot give
 * (port forwarding, no command, a background session) are refused with ssh's status 255.
 */
final class SshArgs {

    /** OpenSSH 9's options that take an argument. */
    private static final String WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

    /** OpenSSH 9's flags. */
    private static final String FLAGS = "46AaCfGgKkMNnqsTtVvXxYy";

    /** Options that ask for something other than running one command. */
    private static final String REFUSED = "DLRWfNMOGQ";

    final String host;

    final String command;

    final boolean subsystem;

    /** What was ignored, for the debug log. */
    final List<String> ignored;

    private SshArgs(String host, String command, boolean subsystem, List<String> ignored) {
        this.host = host;
        this.command = command;
        this.subsystem = subsystem;
        this.ignored = ignored;
    }

    /** A command line ssh itself would refuse, or that fakessh cannot carry out: ssh's message. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    // Over 60 lines on purpose: one getopt-style pass, in which the index, the host, the -s flag and
    // the ignored options change together as words are read; split, they would travel as a cursor.
    static SshArgs parse(List<String> argv) throws Refused {
        String host = null;
        boolean subsystem = false;
        List<String> ignored = new ArrayList<>();
        List<String> command = new ArrayList<>();
        int i = 0;
        boolean options = true;
        while (i < argv.size()) {
            String word = argv.get(i++);
            if (options && word.equals("--")) {
                options = false;
                continue;
            }
            if (options && word.startsWith("-") && word.length() > 1) {
                for (int j = 1; j < word.length(); j++) {
                    char option = word.charAt(j);
                    if (WITH_ARGUMENT.indexOf(option) >= 0) {
                        String value;
                        if (j + 1 < word.length()) {
                            value = word.substring(j + 1);
                        }
                        else if (i < argv.size()) {
                            value = argv.get(i++);
                        }
                        else {
                            throw new Refused("option requires an argument -- " + option);
                        }
                        if (REFUSED.indexOf(option) >= 0 && !(option == 'O' && value.equals("check"))) {
                            throw refused(option, value);
                        }
                        ignored.add("-" + option + " " + value);
                        break;
                    }
                    if (FLAGS.indexOf(option) < 0) {
                        throw new Refused("unknown option -- " + option);
                    }
                    if (REFUSED.indexOf(option) >= 0) {
                        throw refused(option, null);
                    }
                    if (option == 's') {
                        subsystem = true;
                    }
                    else {
                        ignored.add("-" + option);
                    }
                }
                continue;
            }
            if (host == null) {
                host = word;
                continue;
            }
            // The command: the rest, options and all.
            command.add(word);
            command.addAll(argv.subList(i, argv.size()));
            break;
        }
        if (host == null || host.isEmpty()) {
            throw new Refused("no host given (usage: ssh [options] destination [command [argument ...]])");
        }
        if (command.isEmpty()) {
            throw new Refused("an interactive login to " + host + " is not supported by mitogen's fakessh: give a"
                    + " remote command (ssh " + host + " COMMAND) or a subsystem (ssh -s " + host + " sftp)");
        }
        return new SshArgs(host, String.join(" ", command), subsystem, ignored);
    }

    private static Refused refused(char option, String value) {
        return new Refused("option -" + option + ((value != null) ? " " + value : "") + " is not supported by mitogen's"
                + " fakessh: it runs one remote command (or subsystem) per invocation, without port forwarding,"
                + " background sessions or connection sharing");
    }
}
