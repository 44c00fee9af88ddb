package dev.trellis.engine.types;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A resource type. Resource types are abstract and generative (Explainer.md#resource-types):
 * every {@code (resource ...)} definition and every {@code (sub resource)} import or export
 * creates a new one, unequal to all others. Equality is therefore by identity of the
 * <em>canonical</em> object created by {@link #ResourceType(String)}.
 *
 * <p>{@link #alias()} makes a second object for the same type: equal to the first (so type
 * checking sees one type) but distinct by {@code ==}, so that validation can tell which type
 * index — and hence which import or export name, if any — a use of the type came from
 * (Explainer.md#external-visibility-of-types). {@code name} is only for messages.
 */
public final class ResourceType implements Type {
  private static final AtomicLong NEXT = new AtomicLong();

  private final String name;
  private final long id;
  private final ResourceType canonical;

  public ResourceType(String name) {
    this.name = name;
    this.id = NEXT.incrementAndGet();
    this.canonical = this;
  }

  private ResourceType(ResourceType of, String name) {
    this.name = name;
    this.id = of.id;
    this.canonical = of.canonical;
  }

  /** Another name for this same type: {@code equals} to it, but a different object. */
  public ResourceType alias() {
    return new ResourceType(this, name);
  }

  /** Another name for this same type, labelled {@code name} in messages. */
  public ResourceType alias(String name) {
    return new ResourceType(this, name == null ? this.name : name);
  }

  /** The object that created this type; {@code this} unless this is an {@link #alias()}. */
  public ResourceType canonical() {
    return canonical;
  }

  public String name() {
    return name;
  }

  /** A process-unique number shared by all aliases of this type, for messages and ordering. */
  public long id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceType r && r.canonical == canonical;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "resource " + (name == null ? "#" + id : name + "#" + id);
  }
}
