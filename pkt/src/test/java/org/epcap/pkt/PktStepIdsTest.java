package org.epcap.pkt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decode walk switches on {@code Layer.ordinal()} against constants of its own (for speed,
 * see Pkt.Walk): each constant {@code L_X} must be the ordinal of {@code Layer.X}, and every
 * layer must have one, or the walk would run the wrong decoder.
 */
class PktStepIdsTest {
    @Test
    void everyStepConstantIsItsLayersOrdinal() throws Exception {
        Class<?> walk = Class.forName("org.epcap.pkt.Pkt$Walk");
        Set<Layer> seen = EnumSet.noneOf(Layer.class);
        for (Field f : walk.getDeclaredFields()) {
            if (!f.getName().startsWith("L_") || !Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            Layer layer = Layer.valueOf(f.getName().substring(2));
            assertEquals(layer.ordinal(), f.getInt(null), f.getName());
            assertTrue(seen.add(layer), "one constant per layer: " + f.getName());
        }
        assertEquals(EnumSet.allOf(Layer.class), seen, "every layer has a step constant");
    }
}
