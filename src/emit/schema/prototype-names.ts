import type { JsonValue } from "../../openapi/load.js";

// Names that @redocly/openapi-core's resolver (run by openapi-typescript on every document) cannot read as a key: it
// looks each key up in a plain object of known fields (`type.properties[key]`), finds the Object.prototype method of
// that name, calls it as a field resolver, and the method throws on its undefined `this` ("Cannot convert undefined
// or null to object"). `constructor`, `toString` and `__proto__` resolve to something harmless there.
const UNREADABLE = [
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
];

export interface MaskedDocument {
  document: JsonValue;
  /** Puts the original names back into text emitted from `document`. */
  restore(text: string): string;
}

// Hands openapi-typescript a copy of `document` in which each such name is replaced by a placeholder that appears
// nowhere else, wherever it stands: as a key, as a whole string (a `required` entry, a discriminator's propertyName,
// an enum value) and as a `$ref` segment, so every cross-reference still agrees. The placeholders are identifiers, as
// the names are, so openapi-typescript writes them exactly where and how it would write the names, and `restore`
// swaps them back in its output. A document without such names is returned as it is.
export function maskPrototypeNames(document: JsonValue): MaskedDocument {
  const text = JSON.stringify(document);
  const present = UNREADABLE.filter((name) => text.includes(`"${name}"`) || text.includes(`/${name}`));
  if (present.length === 0) return { document, restore: (emitted) => emitted };
  let salt = 0;
  while (text.includes(`specforge${salt}x`)) salt++;
  const placeholders = new Map(present.map((name, i) => [name, `__specforge${salt}x${i}__`]));
  // A local $ref's segments; a $ref into another file names keys of that file, which openapi-typescript reads unmasked.
  const mask = (value: string): string =>
    placeholders.get(value) ?? (value.startsWith("#/") ? value.replace(/(?<=\/)[^/]+/g, (segment) => placeholders.get(segment) ?? segment) : value);
  const copies = new Map<object, JsonValue>();
  const copy = (value: JsonValue): JsonValue => {
    if (typeof value === "string") return mask(value);
    if (value === null || typeof value !== "object") return value;
    const done = copies.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      copies.set(value, out);
      for (const item of value) out.push(copy(item));
      return out;
    }
    const out: { [key: string]: JsonValue } = {};
    copies.set(value, out);
    // defineProperty, so that a `__proto__` key stays an own key instead of setting the prototype.
    for (const [key, child] of Object.entries(value)) Object.defineProperty(out, mask(key), { value: copy(child), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return {
    document: copy(document),
    restore: (emitted) => [...placeholders].reduce((t, [name, placeholder]) => t.replaceAll(placeholder, name), emitted),
  };
}
