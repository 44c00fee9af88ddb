package dev.trellis.engine.types;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A resource type. Identity is meaning: two resource types are equal only if they are the
 * same object, because resource type definitions and {@code (sub resource)} imports/exports
 * are generative (Explainer.md#resource-types). {@code name} is only for messages.
 */
public final class ResourceType implements Type {
  private static final AtomicLong NEXT = new AtomicLong();

  private final String name;
  private final long id;

  public ResourceType(String name) {
    this.name = name;
    this.id = NEXT.incrementAndGet();
  }

  public String name() {
    return name;
  }

  /** A process-unique number, for messages and stable ordering. */
  public long id() {
    return id;
  }

  @Override
  public String toString() {
    return "resource " + (name == null ? "#" + id : name + "#" + id);
  }
}
