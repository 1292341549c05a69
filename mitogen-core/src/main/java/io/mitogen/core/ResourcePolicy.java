package io.mitogen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which resources the master hands to children that ask for them ({@code getResource},
 * {@code getResources}, {@code getResourceAsStream}, {@code ServiceLoader} in a child). Set it on
 * the master's router; it governs the whole tree, since every resource comes from the master.
 *
 * <pre>
 * router.resourcePolicy(ResourcePolicy.defaults().deny("**&#47;secret.txt"));
 * router.resourcePolicy(ResourcePolicy.denyAll().allow("META-INF/services/**", "templates/**"));
 * router.resourcePolicy(ResourcePolicy.defaults().allow("certs/public-ca.pem")); // a deliberate exception
 * </pre>
 *
 * <p>A policy is an ordered list of allow and deny rules over resource names (paths as given to
 * {@code ClassLoader.getResource}, e.g. {@code META-INF/services/java.sql.Driver}); the <b>last</b>
 * rule that matches decides, and a name no rule matches is denied. Patterns are globs, matched
 * case-insensitively: {@code *} and {@code ?} stay within one path segment, {@code **} crosses
 * segments (<code>**&#47;</code> also matches no segment at all), {@code {a,b}} is either.
 *
 * <p>{@link #defaults()} allows everything in the application's code sources except its own
 * configuration and key material: {@value #DEFAULT_DENIED_TEXT}. Whatever the policy, names with
 * {@code ..} or {@code .} segments, absolute paths, NUL or backslashes are refused, nothing
 * outside a code source (e.g. a file reached through a symbolic link, the JDK's own files) is
 * served, and each refusal is logged in the master with the context and the name. Instances are
 * immutable: {@link #allow} and {@link #deny} return new policies.
 */
public final class ResourcePolicy {

    /** The rules {@link #defaults()} denies, as one string for documentation. */
    public static final String DEFAULT_DENIED_TEXT = "**/application*.{yml,yaml,properties}, "
            + "**/bootstrap*.{yml,yaml,properties}, **/*.{pem,key,p12,pfx,jks,jceks,bcfks,keystore,truststore,kdbx}, "
            + "**/{keystore,truststore,cacerts}, **/id_{rsa,dsa,ecdsa,ed25519}, **/.env";

    private static final ResourcePolicy DEFAULTS = new ResourcePolicy(Collections.emptyList())
            .allow("**").deny(DEFAULT_DENIED_TEXT.split(", "));

    private final List<Rule> rules;

    private ResourcePolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /** Everything in the code sources except configuration and key material (see the class comment). */
    public static ResourcePolicy defaults() {
        return DEFAULTS;
    }

    /** Nothing at all; add what children may have with {@link #allow}. */
    public static ResourcePolicy denyAll() {
        return new ResourcePolicy(Collections.emptyList());
    }

    /** This policy with rules that allow names matching {@code globs}, overriding earlier denials. */
    public ResourcePolicy allow(String... globs) {
        return with(true, globs);
    }

    /** This policy with rules that deny names matching {@code globs}, overriding earlier allowances. */
    public ResourcePolicy deny(String... globs) {
        return with(false, globs);
    }

    /** Whether a resource called {@code name} may be served (name checks aside). */
    public boolean permits(String name) {
        if (name == null) {
            return false;
        }
        for (int i = this.rules.size() - 1; i >= 0; i--) {
            Rule rule = this.rules.get(i);
            if (rule.pattern.matcher(name).matches()) {
                return rule.allow;
            }
        }
        return false;
    }

    /** The rules in order, e.g. <code>ResourcePolicy[allow **, deny **&#47;application*.{yml,yaml,properties}, ...]</code>. */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (Rule rule : this.rules) {
            shown.add((rule.allow ? "allow " : "deny ") + rule.glob);
        }
        return "ResourcePolicy" + shown;
    }

    private ResourcePolicy with(boolean allow, String... globs) {
        if (globs == null || globs.length == 0) {
            throw new IllegalArgumentException("at least one pattern is needed");
        }
        List<Rule> more = new ArrayList<>(this.rules);
        for (String glob : globs) {
            more.add(new Rule(allow, glob));
        }
        return new ResourcePolicy(Collections.unmodifiableList(more));
    }

    /** A glob as a regular expression; see the class comment for the syntax. */
    static Pattern compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("a resource pattern must not be empty");
        }
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            }
            else if (c == '*' && glob.startsWith("**", i)) {
                regex.append(".*");
                i++;
            }
            else if (c == '*') {
                regex.append("[^/]*");
            }
            else if (c == '?') {
                regex.append("[^/]");
            }
            else if (c == '{') {
                braces++;
                regex.append("(?:");
            }
            else if (c == '}' && braces > 0) {
                braces--;
                regex.append(')');
            }
            else if (c == ',' && braces > 0) {
                regex.append('|');
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in resource pattern '" + glob + "'");
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static final class Rule {

        final boolean allow;

        final String glob;

        final Pattern pattern;

        Rule(boolean allow, String glob) {
            this.allow = allow;
            this.glob = glob;
            this.pattern = compile(glob);
        }
    }
}
