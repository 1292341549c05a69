package io.mitogen.core;

import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mitogen.core.internal.transport.ConnectionMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The privilege and container options: what they refuse when built, that a password never
 * prints, and that each survives the trip to a {@code via} context unchanged (the same text
 * after {@code toWire} and {@code fromWire}, which validate again).
 */
class MethodOptionsTests {

    @Test
    void sudoDefaultsAndFlags() {
        SudoOptions defaults = SudoOptions.builder().build();
        assertThat(defaults.username()).isEqualTo("root");
        assertThat(defaults.password()).isNull();
        assertThat(defaults.sudoPath()).isEqualTo("sudo");
        SudoOptions ansible = SudoOptions.builder().sudoArgs("-H", "-S", "-n").build();
        assertThat(ansible.setHome()).isTrue();
        assertThat(ansible.preserveEnv()).isFalse();
        SudoOptions combined = SudoOptions.builder().sudoArgs("-EHi", "--stdin").build();
        assertThat(combined.preserveEnv()).isTrue();
        assertThat(combined.setHome()).isTrue();
        assertThat(combined.login()).isTrue();
        assertThat(SudoOptions.builder().sudoArgs("--login", "-n").build().login()).isTrue();
        assertThat(SudoOptions.builder().sudoArgs("--set-home").build().setHome()).isTrue();
    }

    @Test
    void unknownOrUnsafeSudoArgsAreRefused() {
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("-s").build())
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("unsupported sudo flag '-s'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("-Hu", "bob").build())
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("'-u'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("--askpass").build())
                .hasMessageContaining("'--askpass'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("--preserve-env=PATH").build())
                .hasMessageContaining("'--preserve-env=PATH'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("id").build())
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("-g", "wheel").build())
                .hasMessageContaining("'-g'");
        assertThatThrownBy(() -> SudoOptions.builder().sudoArgs("-H;reboot").build())
                .hasMessageContaining("cannot ride on the boot command line");
    }

    @Test
    void unsafeValuesAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> SudoOptions.builder().username("root; reboot").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> SudoOptions.builder().username("").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("username is required");
        assertThatThrownBy(() -> SuOptions.builder().suPath("/bin/su x").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("suPath");
        assertThatThrownBy(() -> SuOptions.builder().promptPattern("pass(").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("not a regular expression");
        assertThatThrownBy(() -> DoasOptions.builder().username("$(id)").build())
                .isInstanceOf(InvalidOptionsException.class);
        assertThatThrownBy(() -> DockerOptions.builder().build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("exactly one of container");
        assertThatThrownBy(() -> DockerOptions.builder().container("a").image("b").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("exactly one of container");
        assertThatThrownBy(() -> PodmanOptions.builder().container("web`id`").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("container");
        assertThatThrownBy(() -> KubectlOptions.builder().build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("pod is required");
        assertThatThrownBy(() -> KubectlOptions.builder().pod("p").kubectlArgs("--context=a b").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("kubectlArgs");
        assertThatThrownBy(() -> LxcOptions.builder().build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("container is required");
        assertThatThrownBy(() -> JailOptions.builder().jail("j").username("a|b").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> SetnsOptions.builder().container("web").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("set kind and container");
        assertThatThrownBy(() -> SetnsOptions.builder().pid(5).kind(SetnsOptions.Kind.DOCKER).container("w").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> BuildahOptions.builder().container("c").environment("BAD NAME", "x").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("BAD NAME");
        assertThatThrownBy(() -> IncusOptions.builder().container("c").environment("X", "a b").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("environment value of X");
    }

    @Test
    void passwordsNeverPrint() {
        String secret = "s3cret-never-printed";
        List<ConnectionOptions> options = List.of(SudoOptions.builder().password(secret).build(),
                SuOptions.builder().password(secret).build(), DoasOptions.builder().password(secret).build());
        for (ConnectionOptions option : options) {
            assertThat(option.toString()).doesNotContain(secret).contains("password=******");
            assertThat(ConnectionOptions.fromWire(option.method(), option.toWire()).toString()).doesNotContain(secret);
        }
        assertThat(SudoOptions.builder().build().toString()).contains("password=null");
    }

    @Test
    void everyOptionsTypeSurvivesTheWire() {
        List<ConnectionOptions> options = List.of(
                SudoOptions.builder().username("app").password("pw").preserveEnv(true).setHome(true).login(true)
                        .sudoPath("/usr/bin/sudo").sudoArgs("-S", "-n").remoteName("s").javaPath("/opt/java")
                        .jvmArgs("-Xmx64m").connectTimeout(java.time.Duration.ofSeconds(9)).build(),
                SuOptions.builder().username("app").password("pw").suPath("/bin/su").login(true)
                        .promptPattern("passwort:\\s*$").failurePatterns("su: falsch").build(),
                DoasOptions.builder().username("app").password("pw").doasPath("/usr/bin/doas").build(),
                DockerOptions.builder().container("web").username("app").dockerPath("/usr/bin/docker")
                        .environment("DOCKER_HOST", "unix:///run/d.sock").build(),
                DockerOptions.builder().image("img:1").build(),
                PodmanOptions.builder().image("img:1").username("1000:1000").podmanPath("/usr/bin/podman")
                        .environment("CONTAINERS_CONF", "/etc/c.conf").build(),
                KubectlOptions.builder().pod("p").container("c").namespace("n").kubectlArgs("--context=x")
                        .kubectlPath("/k").environment("KUBECONFIG", "/k.conf").build(),
                LxcOptions.builder().container("c").lxcAttachPath("/la").build(),
                IncusOptions.builder().container("remote:c").incusPath("/i").build(),
                LxdOptions.builder().container("c").lxcPath("/l").build(),
                BuildahOptions.builder().container("c").username("u").buildahPath("/b").build(),
                JailOptions.builder().jail("7").username("u").jexecPath("/j").build(),
                SetnsOptions.builder().kind(SetnsOptions.Kind.MACHINECTL).container("m").username("u").build(),
                SetnsOptions.builder().pid(42).nsenterPath("/n").build(),
                LocalOptions.builder().remoteName("l").jvmArgs("-Xss1m").build(),
                SshOptions.builder("host").port(2200).username("u").compression(true).build());
        for (ConnectionOptions option : options) {
            ConnectionOptions back = ConnectionOptions.fromWire(option.method(), option.toWire());
            assertThat(back).isExactlyInstanceOf(option.getClass());
            assertThat(back.toString()).isEqualTo(option.toString());
        }
        SudoOptions sudo = (SudoOptions) ConnectionOptions.fromWire("sudo", options.get(0).toWire());
        assertThat(sudo.password().reveal()).isEqualTo("pw");
    }

    @Test
    void setnsKindsKnowTheirTools() {
        assertThat(SetnsOptions.builder().kind(SetnsOptions.Kind.LXC).container("c").build().toolPath())
                .isEqualTo("lxc-info");
        assertThat(SetnsOptions.builder().kind(SetnsOptions.Kind.LXD).container("c").build().toolPath())
                .isEqualTo("lxc");
        assertThat(SetnsOptions.builder().kind(SetnsOptions.Kind.PODMAN).container("c").toolPath("/p").build().toolPath())
                .isEqualTo("/p");
    }

    @Test
    void everyOptionsTypeIsRegisteredOnceUnderItsMethodName() throws Exception {
        Set<Class<?>> concrete = new HashSet<>();
        try (InputStream in = Router.class.getClassLoader().getResourceAsStream("META-INF/mitogen/core-classes.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String path = line.trim();
                if (path.endsWith("Options.class") && path.lastIndexOf('/') == "io/mitogen/core".length()) {
                    Class<?> type = Class.forName(path.replace('/', '.').replace(".class", ""));
                    if (ConnectionOptions.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                        concrete.add(type);
                    }
                }
            }
        }
        Set<Class<?>> registered = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ConnectionMethod method : ConnectionMethod.values()) {
            assertThat(registered.add(method.optionsType())).as(method + " registers its options type once").isTrue();
            assertThat(names.add(method.methodName())).as(method + " has its own name").isTrue();
            assertThat(Modifier.isStatic(method.optionsType().getDeclaredMethod("fromWire", Map.class).getModifiers()))
                    .as(method.optionsType() + " rebuilds itself from the wire").isTrue();
        }
        assertThat(registered).isEqualTo(concrete);
        assertThat(ConnectionMethod.named(SudoOptions.builder().build().method())).isEqualTo(ConnectionMethod.SUDO);
        assertThat(ConnectionMethod.named(LocalOptions.builder().build().method()).optionsType())
                .isEqualTo(LocalOptions.class);
        assertThatThrownBy(() -> ConnectionOptions.fromWire("telnet", Map.of()))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("unknown connection method 'telnet'")
                .hasMessageContaining("local, ssh, sudo");
    }
}
