package io.mitogen.core.internal.constants;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The well-known handles are the wire's verbs: two with one number would deliver one verb's
 * messages to the other's handler, with no error anywhere. Features added on separate branches
 * each pick "the next free number", so this is checked rather than trusted.
 */
class HandlesTests {

    @Test
    void everyWellKnownHandleHasANumberOfItsOwnBelowTheDynamicRange() throws IllegalAccessException {
        Map<Integer, String> seen = new HashMap<>();
        for (Field field : Handles.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != int.class
                    || field.getName().equals("FIRST_DYNAMIC")) {
                continue;
            }
            int value = field.getInt(null);
            String other = seen.put(value, field.getName());
            if (other != null) {
                fail("Handles." + field.getName() + " and Handles." + other + " are both " + value);
            }
            assertThat(value).as(field.getName()).isLessThan(Handles.FIRST_DYNAMIC);
        }
        assertThat(seen).hasSizeGreaterThan(15);
    }
}
