package dev.trellis.engine.link;

import dev.trellis.engine.abi.ComponentInstance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component instance as a run-time value: its exports by name. {@code inst} is the Canonical
 * ABI state of the component instance it came from, null for instances of inline exports and
 * host instances.
 */
record InstanceDef(Map<String, Object> exports, ComponentInstance inst) {
  InstanceDef {
    exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
  }
}
