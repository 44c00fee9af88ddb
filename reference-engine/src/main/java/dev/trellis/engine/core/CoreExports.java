package dev.trellis.engine.core;

/**
 * A core instance as an instantiation argument sees it: a module instance, or one a component
 * synthesizes from inline exports ({@code (core instance (export …)*)}).
 */
public interface CoreExports {
  /** The export named {@code name}, or null. */
  CoreExtern export(String name);
}
