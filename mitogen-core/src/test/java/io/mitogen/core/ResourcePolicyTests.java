package io.mitogen.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resource policy: defaults, globs, order of rules. */
class ResourcePolicyTests {

    @ParameterizedTest
    @ValueSource(strings = { "application.yml", "application.yaml", "application.properties",
        "application-prod.yml", "config/application-dev.properties", "BOOT-INF/classes/application.YML",
        "bootstrap.yml", "bootstrap-cloud.properties", "certs/server.pem", "tls.key", "client.p12", "a/b.pfx",
        "keystore.jks", "trust.jceks", "x.bcfks", "server.keystore", "my.truststore", "keystore", "conf/cacerts",
        "home/.ssh/id_rsa", "id_ed25519", ".env", "deep/dir/.env", "vault.kdbx" })
    void defaultsDenyConfigurationAndKeyMaterial(String name) {
        assertThat(ResourcePolicy.defaults().permits(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "META-INF/services/java.sql.Driver", "META-INF/MANIFEST.MF", "org/x/KeyStoreHelper.class",
        "org/x/Application.class", "templates/application-form.html", "logback.xml", "data/hello.txt",
        "id_rsa.pub", "keys/README.md", "messages.properties", "META-INF/spring.factories" })
    void defaultsAllowCodeAndOrdinaryResources(String name) {
        assertThat(ResourcePolicy.defaults().permits(name)).isTrue();
    }

    @Test
    void theLastMatchingRuleDecides() {
        ResourcePolicy policy = ResourcePolicy.defaults().deny("**/secret.txt").allow("certs/public-ca.pem");
        assertThat(policy.permits("secret.txt")).isFalse();
        assertThat(policy.permits("a/b/secret.txt")).isFalse();
        assertThat(policy.permits("certs/public-ca.pem")).isTrue();
        assertThat(policy.permits("certs/server.pem")).isFalse();
        assertThat(ResourcePolicy.defaults().permits("secret.txt")).as("policies are immutable").isTrue();
    }

    @Test
    void denyAllServesOnlyWhatIsAllowed() {
        ResourcePolicy policy = ResourcePolicy.denyAll().allow("META-INF/services/**", "templates/*.html");
        assertThat(policy.permits("META-INF/services/a.B")).isTrue();
        assertThat(policy.permits("templates/index.html")).isTrue();
        assertThat(policy.permits("templates/sub/index.html")).as("* stays in one segment").isFalse();
        assertThat(policy.permits("data/hello.txt")).isFalse();
        assertThat(ResourcePolicy.denyAll().permits("anything")).isFalse();
    }

    @Test
    void globsAreCheckedWhenAdded() {
        assertThatThrownBy(() -> ResourcePolicy.defaults().deny("{a,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> ResourcePolicy.defaults().deny("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourcePolicy.defaults().allow()).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResourcePolicy.defaults().deny("a.(b)+[c]").permits("a.(b)+[c]")).as("regex characters are literal")
                .isFalse();
    }

    @Test
    void toStringListsTheRules() {
        assertThat(ResourcePolicy.denyAll().allow("a/**").deny("a/b").toString())
                .isEqualTo("ResourcePolicy[allow a/**, deny a/b]");
    }
}
