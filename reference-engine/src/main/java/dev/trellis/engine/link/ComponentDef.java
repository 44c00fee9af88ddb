package dev.trellis.engine.link;

/** A component definition as a run-time value: the compiled component and the environment its outer aliases see. */
record ComponentDef(Component component, Env outer) {}
