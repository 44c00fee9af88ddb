package dev.trellis.cli;

import dev.trellis.engine.error.TrellisException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trellis} command line. Exit codes: 0 ok, 1 failures found (a suite failed, a
 * regression flagged, a guest trapped), 2 usage or input error (bad flags, unreadable or
 * malformed input). User errors print one line, never a stack trace; set
 * {@code TRELLIS_DEBUG=1} to see one.
 */
@Command(
    name = "trellis",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Conformance and benchmark suite for the WebAssembly Component Model and WASI 0.2.",
    subcommands = {
      NightlyCommand.class,
      RuntimesCommand.class,
      CertifyCommand.class,
      BenchCommand.class,
      ReportCommand.class,
      WastCommand.class,
      ParseCommand.class,
      PrintCommand.class,
      ValidateCommand.class,
      WitCommand.class,
      RunCommand.class,
      ServeCommand.class,
      FuzzCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURES = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests, which must not exit the JVM). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handleException);
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("trellis: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return USAGE;
    });
    return cl;
  }

  private static int handleException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (System.getenv("TRELLIS_DEBUG") != null) {
      ex.printStackTrace(err);
    }
    if (ex instanceof UserError u) {
      err.println("trellis: " + u.getMessage());
      return u.exitCode();
    }
    if (ex instanceof TrellisException t) {
      err.println("trellis: " + t.getMessage());
      return USAGE;
    }
    if (ex instanceof java.io.IOException io) {
      err.println("trellis: " + io.getClass().getSimpleName().replace("Exception", "") + ": " + io.getMessage());
      return USAGE;
    }
    err.println("trellis: internal error: " + ex + " (set TRELLIS_DEBUG=1 for a stack trace)");
    return 3;
  }

  /** A user-facing error: printed as one line, with the given exit code. */
  public static final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
      this(message, USAGE);
    }

    public UserError(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"trellis " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
