// Type tests for Literal<T> (src/runtime/client.ts), checked by `tsc --noEmit` in `npm test`: an optional property
// named like an Object.prototype member may be left out of a literal, and every other check of T still holds.
import type { Literal } from "../../src/runtime/index.js";

interface Source {
  pointer?: string;
  constructor?: string;
}
interface Message {
  code: number;
  source?: Source;
}
type Envelope = { success: true; errors: Message[]; result: { id: string; toString?: number } } | { success: false; errors: Message[]; result: null };

export const leftOut = { pointer: "/a" } satisfies Literal<Source>;
export const nested = { success: true, errors: [{ code: 1, source: { pointer: "/a" } }], result: { id: "x" } } satisfies Literal<Envelope>;
export const given = { success: true, errors: [], result: { id: "x", toString: 2 } } satisfies Literal<Envelope>;

// What T itself refuses, and why Literal exists.
// @ts-expect-error TypeScript compares the literal's inherited `constructor` (Function) with `constructor?: string`.
export const plain = { pointer: "/a" } satisfies Source;

// @ts-expect-error a wrong type for such a property is still refused
export const wrongMember = { constructor: 1 } satisfies Literal<Source>;
// @ts-expect-error a wrong type elsewhere, deep inside
export const wrongDeep = { success: false, errors: [{ code: "1" }], result: null } satisfies Literal<Envelope>;
// @ts-expect-error a missing required property
export const missing = { success: false, errors: [{ source: {} }], result: null } satisfies Literal<Envelope>;
// @ts-expect-error an unknown property
export const extra = { success: false, errors: [], result: null, more: 1 } satisfies Literal<Envelope>;
// @ts-expect-error the union's other member
export const mixed = { success: false, errors: [], result: { id: "x" } } satisfies Literal<Envelope>;
// @ts-expect-error undefined for an optional property under exactOptionalPropertyTypes
export const undefinedMember = { pointer: undefined } satisfies Literal<Source>;
// @ts-expect-error a required property named like an Object member still has to be given
export const requiredMember = {} satisfies Literal<{ constructor: string }>;
