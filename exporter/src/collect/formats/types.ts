/**
 * What every format parser returns: a flat key → value map, or a reason the text
 * could not be parsed. Reasons name the line (or position) and never quote a value,
 * because a malformed line may well hold a password.
 */

/** A parsed config file, flattened to dotted keys. */
export type ParsedConfig = { ok: true; entries: ReadonlyMap<string, ConfigScalar> } | { ok: false; reason: string };

/** A leaf value in a config file. */
export type ConfigScalar = string | number | boolean;
