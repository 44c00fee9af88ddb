/**
 * Component validation (Explainer.md, Binary.md, CanonicalABI.md#canonical-definitions):
 * {@link dev.trellis.engine.validate.Validator#validate} checks a decoded
 * {@link dev.trellis.engine.binary.Component} under a {@link dev.trellis.engine.validate.Features}
 * profile and returns a {@link dev.trellis.engine.validate.ComponentInfo}, or throws
 * {@link dev.trellis.engine.error.InvalidException} with the byte offset of the offending item.
 */
package dev.trellis.engine.validate;
