package dev.trellis.engine.types;

/**
 * A component value type (Explainer.md#type-definitions). Specialized types (tuple, enum,
 * option, result) are kept as written; the Canonical ABI despecializes them
 * (CanonicalABI.md#despecialization).
 */
public sealed interface ValType extends Type
    permits PrimType, RecordType, VariantType, ListType, TupleType, FlagsType, EnumType,
        OptionType, ResultType, OwnType, BorrowType, StreamType, FutureType, MapType {}
