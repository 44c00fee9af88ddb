package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.util.List;

/**
 * One top-level form of a WAST script. The runner (spec-tests) gives each directive one
 * outcome; {@link #keyword()} names the directive in reports.
 */
public sealed interface WastDirective {
  Pos pos();

  /** The directive's name as written, e.g. {@code component}, {@code assert_invalid}. */
  String keyword();

  /** The 1-based line the directive starts on. */
  default int line() {
    return pos().line();
  }

  /**
   * A module or component to define: instantiated right away unless
   * {@link WastModule#definition()}, and then the target of unnamed actions.
   */
  record Module(WastModule module) implements WastDirective {
    @Override
    public Pos pos() {
      return module.pos();
    }

    @Override
    public String keyword() {
      return module.component() ? "component" : "module";
    }
  }

  /**
   * {@code (component instance $instance? $definition)}: instantiates a preceding
   * {@code (component definition $definition ...)}; the new instance becomes the current one.
   */
  record ModuleInstance(Pos pos, boolean component, String instanceId, String definitionId) implements WastDirective {
    @Override
    public String keyword() {
      return component ? "component instance" : "module instance";
    }
  }

  /** {@code (register "name" $id?)}: makes an instance's exports importable under {@code name}. */
  record Register(Pos pos, String name, String moduleId) implements WastDirective {
    @Override
    public String keyword() {
      return "register";
    }
  }

  /** A bare action, e.g. {@code (invoke "f")}: it must not trap. */
  record Action(WastAction action) implements WastDirective {
    @Override
    public Pos pos() {
      return action.pos();
    }

    @Override
    public String keyword() {
      return action instanceof WastAction.Invoke ? "invoke" : "get";
    }
  }

  /** {@code (assert_return action expected*)}. */
  record AssertReturn(Pos pos, WastAction action, List<WastExpected> expected) implements WastDirective {
    public AssertReturn {
      expected = List.copyOf(expected);
    }

    @Override
    public String keyword() {
      return "assert_return";
    }
  }

  /**
   * {@code (assert_trap action "message")} or {@code (assert_trap module "message")}: exactly one
   * of {@code action} and {@code module} is non-null. For a module, instantiation must trap.
   */
  record AssertTrap(Pos pos, WastAction action, WastModule module, String message) implements WastDirective {
    @Override
    public String keyword() {
      return "assert_trap";
    }
  }

  /** {@code (assert_exhaustion action "message")}: the action exhausts a resource (the stack). */
  record AssertExhaustion(Pos pos, WastAction action, String message) implements WastDirective {
    @Override
    public String keyword() {
      return "assert_exhaustion";
    }
  }

  /** {@code (assert_invalid module "message")}: well-formed, but validation must reject it. */
  record AssertInvalid(Pos pos, WastModule module, String message) implements WastDirective {
    @Override
    public String keyword() {
      return "assert_invalid";
    }
  }

  /**
   * {@code (assert_malformed module "message")}: a text or quote form must not assemble; a
   * binary form must not decode.
   */
  record AssertMalformed(Pos pos, WastModule module, String message) implements WastDirective {
    @Override
    public String keyword() {
      return "assert_malformed";
    }
  }

  /** {@code (assert_unlinkable module "message")}: valid, but instantiation must fail to link. */
  record AssertUnlinkable(Pos pos, WastModule module, String message) implements WastDirective {
    @Override
    public String keyword() {
      return "assert_unlinkable";
    }
  }

  /**
   * A top-level form that could not be read (unknown directive, malformed constant): the
   * runner reports it as failed with {@code error}.
   */
  record Unreadable(Pos pos, String keyword, TextException error) implements WastDirective {}
}
