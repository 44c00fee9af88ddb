/**
 * The runtime SPI: what Trellis asks of any WebAssembly runtime it certifies or measures.
 *
 * <p>A {@link dev.trellis.harness.spi.RuntimeProvider} (found through {@link java.util.ServiceLoader})
 * says whether its runtime is present on this machine ({@link dev.trellis.harness.spi.Probe})
 * and opens it. A {@link dev.trellis.harness.spi.Runtime} declares the {@link
 * dev.trellis.harness.spi.Feature}s it claims, so a suite reports "unsupported" apart from
 * "failed"; it loads (decodes, validates, compiles) a {@link dev.trellis.harness.spi.Wasm}
 * binary, instantiates it, invokes exports with {@link dev.trellis.engine.runtime.Val}s, runs
 * WASI commands and serves {@code wasi:http} where it can. Every failure is a {@link
 * dev.trellis.harness.spi.RuntimeFailure} whose {@link dev.trellis.harness.spi.RuntimeFailure.Kind}
 * tells the stages apart.
 *
 * <p>{@link dev.trellis.harness.spi.Runtimes} lists the providers and opens runtimes by id.
 */
package dev.trellis.harness.spi;
