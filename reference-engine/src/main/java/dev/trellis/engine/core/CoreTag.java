package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.TagInstance;

/** A core exception tag: identity is meaning, so importing it shares the same tag instance. */
public final class CoreTag implements CoreExtern {
  final TagInstance tag;

  CoreTag(TagInstance tag) {
    this.tag = tag;
  }
}
