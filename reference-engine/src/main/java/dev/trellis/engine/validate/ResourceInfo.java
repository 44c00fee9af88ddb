package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.types.ResourceType;

/**
 * A resource type defined by a component ({@code (type (resource (rep t) (dtor f)?))}). The
 * runtime creates a fresh runtime resource type for {@code type} at every instantiation.
 *
 * @param type the validated resource type (canonical object)
 * @param typeIndex the index it was defined at in the component's type index space
 * @param rep the core representation type ({@code i32}, or {@code i64} with 🐘)
 * @param destructor the core function index of the destructor, or null
 * @param callback the core function index of an async destructor's callback, or null
 */
public record ResourceInfo(ResourceType type, int typeIndex, CoreValType rep, Integer destructor, Integer callback) {}
