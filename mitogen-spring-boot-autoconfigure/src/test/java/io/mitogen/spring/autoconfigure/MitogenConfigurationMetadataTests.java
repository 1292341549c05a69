package io.mitogen.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.json.JsonParserFactory;

import io.mitogen.spring.autoconfigure.MitogenProperties.Health;
import io.mitogen.spring.autoconfigure.MitogenProperties.Host;
import io.mitogen.spring.autoconfigure.MitogenProperties.Reconnect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that ships (META-INF/spring-configuration-metadata.json, written by
 * Boot's configuration processor from the properties' Javadoc) names every property that binds
 * and nothing else, each with a description: IDEs complete and document exactly the keys that
 * work, and a key added to the properties without Javadoc, or a hand-written entry for a key
 * that went away, fails here.
 */
class MitogenConfigurationMetadataTests {

    @Test
    void everyHostPropertyIsDescribedAndNothingElse() throws IOException {
        Map<String, Map<String, Object>> metadata = properties();
        Map<String, Class<?>> expected = beanProperties("mitogen.hosts.*.", Host.class);
        assertThat(expected).as("Host's bean properties").containsKeys("mitogen.hosts.*.transport",
                "mitogen.hosts.*.host-key-policy", "mitogen.hosts.*.kind", "mitogen.hosts.*.connect-timeout");
        assertThat(names(metadata, "mitogen.hosts.*.")).containsExactlyElementsOf(new TreeSet<>(expected.keySet()));
        expected.forEach((name, type) -> assertDescribed(metadata, name, type));
    }

    @Test
    void everyTopLevelAndGroupPropertyIsDescribedAndNothingElse() throws IOException {
        Map<String, Map<String, Object>> metadata = properties();
        Map<String, Class<?>> expected = new LinkedHashMap<>(beanProperties("mitogen.", MitogenProperties.class));
        assertThat(expected.remove("mitogen.health")).isEqualTo(Health.class);
        assertThat(expected.remove("mitogen.reconnect")).isEqualTo(Reconnect.class);
        expected.putAll(beanProperties("mitogen.health.", Health.class));
        expected.putAll(beanProperties("mitogen.reconnect.", Reconnect.class));
        List<String> named = names(metadata, "mitogen.");
        named.removeIf((name) -> name.startsWith("mitogen.hosts.*."));
        assertThat(named).containsExactlyElementsOf(new TreeSet<>(expected.keySet()));
        expected.forEach((name, type) -> assertDescribed(metadata, name, type));
    }

    @Test
    void theHandWrittenEntriesAreThere() throws IOException {
        // Read by @ConditionalOnEnabledHealthIndicator, not bound to a class: the processor cannot see it.
        assertDescribed(properties(), "management.health.mitogen.enabled", Boolean.class);
        // A String with suggested values: hints are the one thing the processor never writes.
        List<Map<String, Object>> hints = metadata("hints");
        assertThat(hints).extracting((hint) -> hint.get("name")).containsExactly("mitogen.health.unreachable-status");
        assertThat(properties()).containsKeys(hints.stream().map((hint) -> (String) hint.get("name")).toArray(String[]::new));
    }

    private static void assertDescribed(Map<String, Map<String, Object>> metadata, String name, Class<?> type) {
        Map<String, Object> entry = metadata.get(name);
        assertThat(entry).as(name).isNotNull();
        assertThat((String) entry.get("description")).as("description of %s", name).isNotBlank();
        if (type.isEnum()) {
            // Typed as the enum, so that IDEs offer its values.
            assertThat(entry.get("type")).as("type of %s", name).isEqualTo(type.getName());
        }
    }

    /** Each property the binder sets (a getter and a setter), kebab-case under {@code prefix}. */
    private static Map<String, Class<?>> beanProperties(String prefix, Class<?> type) {
        Map<String, Class<?>> properties = new LinkedHashMap<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            boolean group = descriptor.getPropertyType().getEnclosingClass() == MitogenProperties.class
                    && !descriptor.getPropertyType().isEnum();
            if (descriptor.getWriteMethod() != null || group) {
                properties.put(prefix + HostConnectors.kebab(descriptor.getName()), descriptor.getPropertyType());
            }
        }
        return properties;
    }

    private static List<String> names(Map<String, Map<String, Object>> metadata, String prefix) {
        List<String> names = new ArrayList<>(new TreeSet<>(metadata.keySet()));
        names.removeIf((name) -> !name.startsWith(prefix));
        return names;
    }

    /** The properties of this module's metadata, by name. */
    private static Map<String, Map<String, Object>> properties() throws IOException {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Map<String, Object> property : metadata("properties")) {
            assertThat(byName.put((String) property.get("name"), property)).as("%s twice", property.get("name")).isNull();
        }
        return byName;
    }

    /** One section of this module's metadata (the class path also has Boot's own). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> metadata(String section) throws IOException {
        for (URL url : Collections.list(MitogenProperties.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))) {
            String json;
            try (InputStream in = url.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, Object> root = JsonParserFactory.getJsonParser().parseMap(json);
            List<Map<String, Object>> groups = (List<Map<String, Object>>) root.getOrDefault("groups", List.of());
            if (groups.stream().anyMatch((group) -> MitogenProperties.class.getName().equals(group.get("type")))) {
                return (List<Map<String, Object>>) root.getOrDefault(section, List.of());
            }
        }
        throw new AssertionError("no META-INF/spring-configuration-metadata.json of mitogen on the class path");
    }

}
