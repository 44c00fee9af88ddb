/**
 * The resolved type model: what validation computes from the binary AST's type indices and
 * what the Canonical ABI, the linker and WIT work with. Types are values (records) except
 * {@link dev.trellis.engine.types.ResourceType}, whose identity is its meaning: resource
 * types are generative (Explainer.md#resource-types).
 */
package dev.trellis.engine.types;
