package io.mitogen.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Options for {@link Router#sudo(SudoOptions)}: a child JVM run as another user through
 * {@code sudo}, on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context app = router.sudo(SudoOptions.builder().username("app").via(web).build());
 * Context pw  = router.sudo(SudoOptions.builder().username("app").password(secret).build());
 * }</pre>
 *
 * <p>The command is {@code sudo -u USER [-S -p PROMPT | -n] [-E] [-H] -- /bin/sh -c BOOT}. With a
 * password, sudo reads it from stdin ({@code -S}) after a prompt of mitogen's own ({@code -p}),
 * which is answered once; without one, {@code -n} makes sudo fail at once rather than wait for a
 * password that will never come. A refused password is an {@link AuthenticationFailedException},
 * a missing one a {@link PasswordRequiredException}, and sudoers' {@code requiretty} a
 * {@link TtyRequiredException} that says how to lift it.
 */
public final class SudoOptions extends UserSwitchOptions {

    /** The long forms of {@code -E -H -i -S -n}, in that order. */
    private static final List<String> LONG_FLAGS = List.of("--preserve-env", "--set-home", "--login", "--stdin",
            "--non-interactive");

    private final boolean preserveEnv;

    private final boolean setHome;

    private final boolean login;

    private final String sudoPath;

    private final List<String> sudoArgs;

    private SudoOptions(Builder builder) {
        super(builder);
        this.sudoPath = MethodWire.required("sudoPath", builder.sudoPath);
        this.sudoArgs = Collections.unmodifiableList(new ArrayList<>(builder.sudoArgs));
        boolean[] flags = new boolean[3];
        for (String arg : this.sudoArgs) {
            parseFlag(arg, flags);
        }
        this.preserveEnv = builder.preserveEnv || flags[0];
        this.setHome = builder.setHome || flags[1];
        this.login = builder.login || flags[2];
    }

    /** A builder with every option at its default ({@code root}, no password). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "sudo";
    }

    /** {@code -E}: keep the caller's environment. */
    public boolean preserveEnv() {
        return this.preserveEnv;
    }

    /** {@code -H}: set {@code HOME} to the target user's home. */
    public boolean setHome() {
        return this.setHome;
    }

    /**
     * Runs the child as from a login: {@code HOME} set, {@code /bin/sh -l} (so
     * {@code /etc/profile} and {@code ~/.profile} are read) and the home directory as working
     * directory. Also set by {@code -i} in {@link #sudoArgs()}. ({@code sudo -i} itself cannot be
     * used: it re-escapes the command and expands its {@code $}.)
     */
    public boolean login() {
        return this.login;
    }

    /** The {@code sudo} to run (default {@code sudo}, found on the PATH). */
    public String sudoPath() {
        return this.sudoPath;
    }

    /** Extra sudo flags as given (e.g. Ansible's {@code -H -S -n}); see {@link Builder#sudoArgs}. */
    public List<String> sudoArgs() {
        return this.sudoArgs;
    }

    /**
     * Sets {@code flags} (preserveEnv, setHome, login) from one of {@code sudoArgs}: {@code -E},
     * {@code -H}, {@code -i} and their long forms; {@code -S} and {@code -n} are accepted and
     * ignored (mitogen picks them). Short flags may be combined. Anything else is refused.
     */
    private static void parseFlag(String arg, boolean[] flags) {
        if (arg == null) {
            throw new InvalidOptionsException("sudoArgs must not contain null");
        }
        checkSafe("sudoArgs", arg);
        int index = LONG_FLAGS.indexOf(arg);
        if (index >= 0) {
            if (index < 3) {
                flags[index] = true;
            }
            return;
        }
        if (arg.length() < 2 || arg.charAt(0) != '-' || arg.charAt(1) == '-') {
            throw unsupported(arg);
        }
        for (int i = 1; i < arg.length(); i++) {
            int flag = "EHiSn".indexOf(arg.charAt(i));
            if (flag < 0) {
                throw unsupported("-" + arg.charAt(i));
            }
            if (flag < 3) {
                flags[flag] = true;
            }
        }
    }

    private static InvalidOptionsException unsupported(String flag) {
        return new InvalidOptionsException("sudoArgs: unsupported sudo flag '" + flag + "' (supported: -E "
                + "--preserve-env, -H --set-home, -i --login, and -S --stdin and -n --non-interactive, which mitogen "
                + "chooses itself; the command is mitogen's)");
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "preserveEnv", this.preserveEnv, "setHome", this.setHome, "login", this.login, "sudoPath",
                this.sudoPath, "sudoArgs", this.sudoArgs);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return UserSwitchOptions.fromWire(builder(), wire)
                .preserveEnv(MethodWire.bool(wire, "preserveEnv"))
                .setHome(MethodWire.bool(wire, "setHome"))
                .login(MethodWire.bool(wire, "login"))
                .sudoPath(MethodWire.string(wire, "sudoPath"))
                .sudoArgs(MethodWire.strings(wire, "sudoArgs"));
    }

    @Override
    public String toString() {
        return MethodWire.describe(this);
    }

    /** Builds {@link SudoOptions}. */
    public static final class Builder extends UserSwitchOptions.Builder<Builder> {

        private boolean preserveEnv;

        private boolean setHome;

        private boolean login;

        private String sudoPath = "sudo";

        private final List<String> sudoArgs = new ArrayList<>();

        private Builder() {
        }

        /** {@code -E}: keep the caller's environment (as far as sudoers allows). */
        public Builder preserveEnv(boolean preserveEnv) {
            this.preserveEnv = preserveEnv;
            return this;
        }

        /** {@code -H}: set {@code HOME} to the target user's home. */
        public Builder setHome(boolean setHome) {
            this.setHome = setHome;
            return this;
        }

        /** Start the child as from a login; see {@link SudoOptions#login()}. */
        public Builder login(boolean login) {
            this.login = login;
            return this;
        }

        /** The {@code sudo} to run (default {@code sudo}, found on the PATH). */
        public Builder sudoPath(String sudoPath) {
            this.sudoPath = sudoPath;
            return this;
        }

        /**
         * Extra sudo flags, validated when built: {@code -E}/{@code --preserve-env},
         * {@code -H}/{@code --set-home}, {@code -i}/{@code --login}, and {@code -S}/{@code --stdin}
         * and {@code -n}/{@code --non-interactive}, which are accepted and ignored (mitogen picks
         * them from whether a password is set), as Ansible's {@code -H -S -n}. Short flags may be
         * combined ({@code -HE}). Any other flag is refused with an {@link InvalidOptionsException}.
         */
        public Builder sudoArgs(String... sudoArgs) {
            return sudoArgs(Arrays.asList(sudoArgs));
        }

        /** Extra sudo flags; see {@link #sudoArgs(String...)}. */
        public Builder sudoArgs(List<String> sudoArgs) {
            this.sudoArgs.clear();
            this.sudoArgs.addAll(sudoArgs);
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public SudoOptions build() {
            return new SudoOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
