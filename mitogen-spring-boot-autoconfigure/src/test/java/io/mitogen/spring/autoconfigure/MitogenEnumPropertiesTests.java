package io.mitogen.spring.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import io.mitogen.core.HostKeyPolicy;
import io.mitogen.core.SetnsOptions;
import io.mitogen.core.internal.transport.ConnectionMethod;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.autoconfigure.MitogenProperties.Connect;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;
import io.mitogen.spring.autoconfigure.MitogenProperties.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code transport}, {@code connect}, {@code host-key-policy} and {@code kind} are enums bound by
 * Boot's binder, relaxed: what users write today ({@code ssh}, {@code accept-new},
 * {@code docker}) binds, and so do {@code SSH}, {@code ACCEPT_NEW} and {@code acceptNew}. A value
 * that is none of them stops the application naming the property and the values it takes.
 */
class MitogenEnumPropertiesTests {

    /** The keys each transport requires, so that a lazy host of each starts (none connects). */
    private static final Map<Transport, List<String>> REQUIRED = new EnumMap<>(Map.ofEntries(
            Map.entry(Transport.LOCAL, List.of()), Map.entry(Transport.SSH, List.of("hostname=edge.example.com")),
            Map.entry(Transport.SUDO, List.of()), Map.entry(Transport.SU, List.of()), Map.entry(Transport.DOAS, List.of()),
            Map.entry(Transport.DOCKER, List.of("container=web")), Map.entry(Transport.PODMAN, List.of("image=alpine")),
            Map.entry(Transport.KUBECTL, List.of("pod=web-0")), Map.entry(Transport.LXC, List.of("container=web")),
            Map.entry(Transport.INCUS, List.of("container=web")), Map.entry(Transport.LXD, List.of("container=web")),
            Map.entry(Transport.BUILDAH, List.of("container=web")), Map.entry(Transport.JAIL, List.of("jail=web")),
            Map.entry(Transport.SETNS, List.of("kind=docker", "container=web"))));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MitogenAutoConfiguration.class));

    @Test
    void theTransportsAreTheCoresConnectionMethods() {
        // The core registers each method once (ConnectionMethod); a method added there and not
        // here, or the other way round, fails this test, not a user's configuration.
        List<String> names = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            names.add(transport.configName());
        }
        assertThat(names).isEqualTo(ConnectionMethod.names());
        for (Transport transport : Transport.values()) {
            assertThat(ConnectionMethod.named(transport.configName()).name()).isEqualTo(transport.name());
        }
    }

    @Test
    void everyTransportBindsFromTheSpellingsUsersWrite() {
        assertThat(REQUIRED).as("a row per transport").hasSize(Transport.values().length);
        List<String> properties = new ArrayList<>();
        int spellings = 3;
        REQUIRED.forEach((transport, required) -> {
            String lower = transport.configName();
            // ssh, SSH, Ssh
            String[] written = { lower, lower.toUpperCase(java.util.Locale.ROOT),
                    Character.toUpperCase(lower.charAt(0)) + lower.substring(1) };
            for (int i = 0; i < spellings; i++) {
                String host = lower + i;
                properties.add("mitogen.hosts." + host + ".transport=" + written[i]);
                required.forEach((key) -> properties.add("mitogen.hosts." + host + "." + key));
            }
        });
        this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
            assertThat(context).hasNotFailed();
            Map<String, Host> hosts = context.getBean(MitogenProperties.class).getHosts();
            for (Transport transport : Transport.values()) {
                for (int i = 0; i < spellings; i++) {
                    assertThat(hosts.get(transport.configName() + i).getTransport()).isEqualTo(transport);
                }
            }
            assertThat(context.getBean(Contexts.class).names()).hasSize(Transport.values().length * spellings);
        });
    }

    @Test
    void hostKeyPolicyBindsRelaxed() {
        Map<String, HostKeyPolicy> spellings = Map.of("enforce", HostKeyPolicy.ENFORCE, "accept-new", HostKeyPolicy.ACCEPT_NEW,
                "ACCEPT_NEW", HostKeyPolicy.ACCEPT_NEW, "accept_new", HostKeyPolicy.ACCEPT_NEW, "acceptNew",
                HostKeyPolicy.ACCEPT_NEW, "Accept-New", HostKeyPolicy.ACCEPT_NEW, "ignore", HostKeyPolicy.IGNORE);
        spellings.forEach((written, policy) -> this.runner
            .withPropertyValues("mitogen.hosts.edge.transport=ssh", "mitogen.hosts.edge.hostname=edge.example.com",
                    "mitogen.hosts.edge.host-key-policy=" + written)
            .run((context) -> {
                assertThat(context).as(written).hasNotFailed();
                assertThat(host(context.getBean(MitogenProperties.class)).getHostKeyPolicy()).as(written).isEqualTo(policy);
            }));
    }

    @Test
    void kindAndConnectBindRelaxed() {
        Map<String, SetnsOptions.Kind> kinds = Map.of("docker", SetnsOptions.Kind.DOCKER, "Podman", SetnsOptions.Kind.PODMAN,
                "LXC", SetnsOptions.Kind.LXC, "lxd", SetnsOptions.Kind.LXD, "machinectl", SetnsOptions.Kind.MACHINECTL);
        kinds.forEach((written, kind) -> this.runner
            .withPropertyValues("mitogen.hosts.edge.transport=setns", "mitogen.hosts.edge.kind=" + written,
                    "mitogen.hosts.edge.container=web", "mitogen.hosts.edge.connect=Lazy")
            .run((context) -> {
                assertThat(context).as(written).hasNotFailed();
                Host host = host(context.getBean(MitogenProperties.class));
                assertThat(host.getKind()).as(written).isEqualTo(kind);
                assertThat(host.getConnect()).isEqualTo(Connect.LAZY);
            }));
    }

    @Test
    void aBadHostKeyPolicyIsReportedWithItsOriginAndTheValuesItTakes() {
        String[] report = new String[1];
        this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(yaml("bad-host-key-policy.yml")))
            .run((context) -> report[0] = report(context.getStartupFailure()));
        assertThat(report[0]).isEqualTo("""
                Invalid mitogen configuration:

                    Property: mitogen.hosts.edge.host-key-policy
                    Origin: class path resource [strict/bad-host-key-policy.yml] - 6:24
                    Reason: unknown host-key-policy 'acept-new'

                Update your application's configuration: did you mean 'accept-new'? set it to one of \
                [enforce, accept-new, ignore]""");
    }

    @Test
    void aBadKindOrConnectIsReportedWithTheValuesItTakes() {
        this.runner.withPropertyValues("mitogen.hosts.ns.transport=setns", "mitogen.hosts.ns.kind=dockr",
                "mitogen.hosts.ns.container=web")
            .run((context) -> assertThat(report(context.getStartupFailure()))
                .contains("Property: mitogen.hosts.ns.kind")
                .contains("Reason: unknown kind 'dockr'")
                .contains("did you mean 'docker'? set it to one of [docker, podman, lxc, lxd, machinectl]"));
        this.runner.withPropertyValues("mitogen.hosts.web.transport=local", "mitogen.hosts.web.connect=sometimes")
            .run((context) -> assertThat(report(context.getStartupFailure()))
                .contains("Property: mitogen.hosts.web.connect")
                .contains("Reason: unknown connect 'sometimes'")
                .contains("set it to one of [lazy, eager]"));
    }

    /**
     * Environment variables are not checked before binding (their names cannot tell
     * {@code host-key-policy} from {@code host.key.policy}): Boot's own bind failure then names
     * the property and lists the values.
     */
    @Test
    void aBadValueFromTheEnvironmentIsBootsBindFailureNamingThePropertyAndTheValues() throws Exception {
        this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources()
            .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("MITOGEN_HOSTS_EDGE_TRANSPORT", "ssh",
                    "MITOGEN_HOSTS_EDGE_HOSTNAME", "edge.example.com", "MITOGEN_HOSTS_EDGE_HOSTKEYPOLICY", "maybe"))))
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = bootsBindFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
                assertThat(analysis.getDescription()).contains("mitogen.hosts.edge.host-key-policy")
                    .contains("MITOGEN_HOSTS_EDGE_HOSTKEYPOLICY");
                assertThat(analysis.getAction()).contains("ACCEPT_NEW").contains("ENFORCE").contains("IGNORE");
            });
    }

    private static FailureAnalyzer bootsBindFailureAnalyzer() throws ReflectiveOperationException {
        var constructor = Class.forName("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer")
            .getDeclaredConstructor();
        constructor.setAccessible(true);
        return (FailureAnalyzer) constructor.newInstance();
    }

    private static Host host(MitogenProperties properties) {
        return properties.getHosts().values().iterator().next();
    }

    private static String report(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new MitogenFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis.getDescription() + "\n" + analysis.getAction();
    }

    private static PropertySource<?> yaml(String file) {
        try {
            return new YamlPropertySourceLoader().load(file, new ClassPathResource("strict/" + file)).get(0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
