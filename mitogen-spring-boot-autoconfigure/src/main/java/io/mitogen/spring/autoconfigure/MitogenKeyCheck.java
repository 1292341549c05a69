package io.mitogen.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.mitogen.spring.autoconfigure.MitogenProperties.Host;
import io.mitogen.spring.autoconfigure.MitogenProperties.Transport;

/**
 * Strict {@code mitogen.*} keys, checked before anything is bound: a key mitogen does not have
 * (a typo such as {@code trasnport}, or {@code mitogen.host} for {@code mitogen.hosts}), or a
 * key the host's transport does not read, would otherwise be ignored silently. Each is reported
 * with its origin (file:line), the keys that are read there and a "did you mean" for a near
 * miss. Values from environment variables are not checked: their names cannot tell
 * {@code remote-name} from {@code remote.name}.
 */
final class MitogenKeyCheck implements BeanFactoryPostProcessor {

    private static final List<String> TOP_KEYS = List.of("enabled", "shutdown-grace", "lifecycle-phase", "hosts", "health",
            "reconnect");

    private static final Map<String, List<String>> GROUP_KEYS = Map.of("health",
            List.of("timeout", "connect", "unreachable-status"), "reconnect", List.of("initial-backoff", "max-backoff"));

    private static final Set<String> LIST_KEYS = Set.of("identity-file", "jvm-args");

    private static final ConfigurationPropertyName MITOGEN = ConfigurationPropertyName.of("mitogen");

    private static final Map<String, Class<?>> ENUM_KEYS = enumKeys();

    private final Environment environment;

    MitogenKeyCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check();
    }

    /** @throws MitogenConfigurationException for the first key that is not read */
    void check() {
        if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        Map<String, Map<String, ConfigurationProperty>> hostKeys = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            iterable.filter(MITOGEN::isAncestorOf).stream().forEach((name) -> {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null) {
                    checkOne(name, property, hostKeys);
                }
            });
        }
        Binder binder = Binder.get(this.environment);
        hostKeys.forEach((host, keys) -> checkTransport(binder, host, keys));
    }

    private static void checkOne(ConfigurationPropertyName name, ConfigurationProperty property,
            Map<String, Map<String, ConfigurationProperty>> hostKeys) {
        String top = element(name, 1);
        if (!TOP_KEYS.contains(top)) {
            throw unknown(name, property, "mitogen.", top, TOP_KEYS);
        }
        int elements = name.getNumberOfElements();
        if (GROUP_KEYS.containsKey(top)) {
            List<String> keys = GROUP_KEYS.get(top);
            if (elements != 3 || !keys.contains(element(name, 2))) {
                throw unknown(name, property, "mitogen." + top + ".", (elements > 2) ? element(name, 2) : "", keys);
            }
            return;
        }
        if (!top.equals("hosts")) {
            if (elements != 2) {
                throw unknown(name, property, "mitogen.", name.toString().substring("mitogen.".length()), TOP_KEYS);
            }
            return;
        }
        if (elements < 4) {
            // mitogen.hosts.web=x: a host must be a group of keys, and the binder says so itself.
            return;
        }
        String host = name.getElement(2, Form.ORIGINAL);
        String key = element(name, 3);
        List<String> allKeys = allHostKeys();
        boolean indexed = elements == 5 && name.isNumericIndex(4) && LIST_KEYS.contains(key);
        if (!allKeys.contains(key) || (elements > 4 && !indexed)) {
            throw unknown(name, property, "mitogen.hosts." + host + ".", key, allKeys);
        }
        hostKeys.computeIfAbsent(host, (h) -> new LinkedHashMap<>()).putIfAbsent(key, property);
    }

    /** A key the transport does not read; a missing or unknown transport; an unknown enum value. */
    private static void checkTransport(Binder binder, String host, Map<String, ConfigurationProperty> keys) {
        String prefix = "mitogen.hosts." + host;
        Optional<String> value = Optional.ofNullable(binder.bind(prefix + ".transport", String.class).map(String::trim).orElse(null));
        if (value.isEmpty()) {
            ConfigurationProperty first = keys.values().iterator().next();
            throw new MitogenConfigurationException(prefix + ".transport", "no transport is set (host '" + host
                    + "' has " + keys.keySet() + ")", "set " + prefix + ".transport to one of "
                    + HostConnectors.TRANSPORTS, first.getOrigin());
        }
        Transport transport = transport(value.get());
        if (transport == null) {
            ConfigurationProperty property = keys.get("transport");
            throw new MitogenConfigurationException(prefix + ".transport", "unknown transport '" + value.get() + "'",
                    didYouMean(value.get(), HostConnectors.TRANSPORTS) + "set it to one of " + HostConnectors.TRANSPORTS,
                    (property != null) ? property.getOrigin() : null);
        }
        List<String> reads = transport.allKeys();
        keys.forEach((key, property) -> {
            if (!reads.contains(key)) {
                throw new MitogenConfigurationException(prefix + "." + key,
                        "is not read by transport " + transport.configName() + ", which reads " + reads,
                        didYouMean(key, reads) + "remove it, or choose a transport that reads it",
                        property.getOrigin());
            }
        });
        keys.forEach((key, property) -> {
            Class<?> type = ENUM_KEYS.get(key);
            if (type != null && !key.equals("transport")) {
                binder.bind(prefix + "." + key, String.class).ifBound((text) -> checkEnum(prefix + "." + key, key,
                        text.trim(), type.getEnumConstants(), property));
            }
        });
    }

    /**
     * A value the binder would refuse, reported here with its origin and a near miss, in the
     * spelling users write ({@code accept-new}) rather than the constant's ({@code ACCEPT_NEW}).
     */
    private static void checkEnum(String name, String key, String value, Object[] constants, ConfigurationProperty property) {
        if (constant(value, constants) == null) {
            List<String> names = Arrays.stream(constants).map((c) -> configName((Enum<?>) c)).toList();
            throw new MitogenConfigurationException(name, "unknown " + key + " '" + value + "'",
                    didYouMean(value, names) + "set it to one of " + names, property.getOrigin());
        }
    }

    /**
     * The constant the binder binds {@code value} to: as Spring Boot's lenient enum conversion,
     * letters and digits compared without case, so {@code accept-new}, {@code ACCEPT_NEW} and
     * {@code acceptNew} are the same.
     */
    static @Nullable Object constant(String value, Object[] constants) {
        String canonical = canonical(value);
        for (Object constant : constants) {
            if (canonical(((Enum<?>) constant).name()).equals(canonical)) {
                return constant;
            }
        }
        return null;
    }

    /** {@code ACCEPT_NEW} as written in configuration: {@code accept-new}. */
    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String canonical(String value) {
        StringBuilder canonical = new StringBuilder();
        value.chars().filter(Character::isLetterOrDigit).forEach((c) -> canonical.append((char) Character.toLowerCase(c)));
        return canonical.toString();
    }

    private static @Nullable Transport transport(String value) {
        return (Transport) constant(value, Transport.values());
    }

    /** The host keys whose values are enums (transport, connect, host-key-policy, kind), with their types. */
    private static Map<String, Class<?>> enumKeys() {
        Map<String, Class<?>> keys = new LinkedHashMap<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(Host.class)) {
            if (descriptor.getPropertyType().isEnum()) {
                keys.put(HostConnectors.kebab(descriptor.getName()), descriptor.getPropertyType());
            }
        }
        return keys;
    }

    private static MitogenConfigurationException unknown(ConfigurationPropertyName name, ConfigurationProperty property,
            String scope, String key, List<String> known) {
        List<String> full = known.stream().map((k) -> scope + k).toList();
        return new MitogenConfigurationException(name.toString(), "is not a mitogen property",
                didYouMean(key, known) + "use one of " + full + ", or remove it", property.getOrigin());
    }

    private static String didYouMean(String key, List<String> known) {
        String uniform = uniform(key);
        return known.stream()
            .filter((candidate) -> distance(uniform, uniform(candidate)) <= Math.max(1, uniform.length() / 4))
            .min(Comparator.comparingInt((candidate) -> distance(uniform, uniform(candidate))))
            .map((candidate) -> "did you mean '" + candidate + "'? ")
            .orElse("");
    }

    private static String uniform(String key) {
        return key.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        Arrays.setAll(previous, (i) -> i);
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The element in kebab-case: {@code remoteName} and {@code remote-name} both give {@code remote-name}. */
    private static String element(ConfigurationPropertyName name, int index) {
        String original = name.getElement(index, Form.ORIGINAL);
        return original.chars().anyMatch(Character::isUpperCase) ? HostConnectors.kebab(original)
                : name.getElement(index, Form.DASHED);
    }

    private static List<String> allHostKeys() {
        Set<String> all = new LinkedHashSet<>(Transport.COMMON_KEYS);
        for (Transport transport : Transport.values()) {
            all.addAll(transport.keys());
        }
        return new ArrayList<>(all);
    }

}
