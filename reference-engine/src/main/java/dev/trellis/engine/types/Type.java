package dev.trellis.engine.types;

/** Any type a {@code type} index can denote: a value type, function, component, instance or resource type. */
public sealed interface Type permits ValType, FuncType, ComponentType, InstanceType, ResourceType {}
