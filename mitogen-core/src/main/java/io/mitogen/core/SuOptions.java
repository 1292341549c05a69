package io.mitogen.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Options for {@link Router#su(SuOptions)}: a child JVM run as another user through {@code su},
 * on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context su = router.su(SuOptions.builder().username("app").password(secret).build());
 * }</pre>
 *
 * <p>The command is {@code su [-] USER -c BOOT}. su prints its prompt on stderr and reads the
 * password from stdin (PAM's own conversation), so no terminal is needed: the prompt is answered
 * once, and a failure text ({@code su: Authentication failure}, after PAM's delay of about two
 * seconds) is an {@link AuthenticationFailedException}. A root caller is not asked.
 */
public final class SuOptions extends UserSwitchOptions {

    /** su's prompt, at the end of its output (case-insensitive). */
    public static final String DEFAULT_PROMPT = "password:\\s*$";

    /** What su says when the password was wrong, on Linux, the BSDs and CentOS 6 (case-insensitive). */
    public static final List<String> DEFAULT_FAILURES = List.of("su: authentication failure", "su: sorry",
            "su: incorrect password");

    private final String suPath;

    private final boolean login;

    private final String promptPattern;

    private final List<String> failurePatterns;

    private SuOptions(Builder builder) {
        super(builder);
        this.suPath = MethodWire.required("suPath", builder.suPath);
        this.login = builder.login;
        this.promptPattern = compiles("promptPattern", builder.promptPattern);
        List<String> failures = new ArrayList<>();
        for (String pattern : builder.failurePatterns) {
            failures.add(compiles("failurePatterns", pattern));
        }
        this.failurePatterns = Collections.unmodifiableList(failures);
    }

    /** A builder with every option at its default ({@code root}, no password). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "su";
    }

    /** The {@code su} to run (default {@code su}, found on the PATH). */
    public String suPath() {
        return this.suPath;
    }

    /** {@code su -}: a login shell, with the target user's environment and home directory. */
    public boolean login() {
        return this.login;
    }

    /** The prompt to answer, a case-insensitive regular expression. */
    public String promptPattern() {
        return this.promptPattern;
    }

    /** Texts that mean the password was refused, case-insensitive regular expressions. */
    public List<String> failurePatterns() {
        return this.failurePatterns;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "suPath",
                this.suPath, "login", this.login, "promptPattern", this.promptPattern, "failurePatterns",
                this.failurePatterns);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return UserSwitchOptions.fromWire(builder(), wire)
                .suPath(MethodWire.string(wire, "suPath"))
                .login(MethodWire.bool(wire, "login"))
                .promptPattern(MethodWire.string(wire, "promptPattern"))
                .failurePatterns(MethodWire.strings(wire, "failurePatterns"));
    }

    @Override
    public String toString() {
        return MethodWire.describe(this);
    }

    private static String compiles(String option, String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new InvalidOptionsException(option + " must not be empty");
        }
        try {
            Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
            return pattern;
        }
        catch (PatternSyntaxException ex) {
            throw new InvalidOptionsException(option + " '" + pattern + "' is not a regular expression: "
                    + ex.getDescription());
        }
    }

    /** Builds {@link SuOptions}. */
    public static final class Builder extends UserSwitchOptions.Builder<Builder> {

        private String suPath = "su";

        private boolean login;

        private String promptPattern = DEFAULT_PROMPT;

        private final List<String> failurePatterns = new ArrayList<>(DEFAULT_FAILURES);

        private Builder() {
        }

        /** The {@code su} to run (default {@code su}, found on the PATH). */
        public Builder suPath(String suPath) {
            this.suPath = suPath;
            return this;
        }

        /** {@code su -}: a login shell (default off, as in the Python original). */
        public Builder login(boolean login) {
            this.login = login;
            return this;
        }

        /**
         * The prompt to answer, a case-insensitive regular expression matched against su's output
         * so far (default {@link SuOptions#DEFAULT_PROMPT}); set it for a localised su, e.g.
         * {@code "passwort:\\s*$"}.
         */
        public Builder promptPattern(String promptPattern) {
            this.promptPattern = promptPattern;
            return this;
        }

        /** Texts that mean the password was refused (replacing {@link #DEFAULT_FAILURES}). */
        public Builder failurePatterns(String... failurePatterns) {
            return failurePatterns(Arrays.asList(failurePatterns));
        }

        /** Texts that mean the password was refused (replacing {@link #DEFAULT_FAILURES}). */
        public Builder failurePatterns(List<String> failurePatterns) {
            this.failurePatterns.clear();
            this.failurePatterns.addAll(failurePatterns);
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public SuOptions build() {
            return new SuOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
