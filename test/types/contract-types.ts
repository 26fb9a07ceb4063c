// Type tests for the contract kit's Reply<Op, Status> and RequestBody<Op> (src/testkit/contract-kit.ts), checked by
// `tsc --noEmit` in `npm test`: the generated contract tests hold each example to them with `satisfies`, so they must
// be exactly the indexed types they stand for (`Op["responses"][200]["content"]["application/json"]`), no looser.
import type { Reply, RequestBody } from "../../src/testkit/contract-kit.js";

interface Operation {
  requestBody?: { content: { "application/json": { name: string; ttl?: number }; "text/plain": string } };
  responses: {
    200: { headers: Record<string, unknown>; content: { "application/json": { success: true; result: { id: string } } } };
    "4XX": { headers: Record<string, unknown>; content: { "application/json": { success: false; result: null } } };
    204: { headers: Record<string, unknown>; content?: never };
  };
}

export const ok = { success: true, result: { id: "x" } } satisfies Reply<Operation, 200>;
export const failure = { success: false, result: null } satisfies Reply<Operation, "4XX">;
export const body = { name: "a", ttl: 1 } satisfies RequestBody<Operation>;
export const text = "plain" satisfies RequestBody<Operation, "text/plain">;

// @ts-expect-error a member the type lacks (the excess property check holds through Reply)
export const extra = { success: true, result: { id: "x" }, more: 1 } satisfies Reply<Operation, 200>;
// @ts-expect-error a literal the type refuses
export const wrongLiteral = { success: false, result: { id: "x" } } satisfies Reply<Operation, 200>;
// @ts-expect-error a required member left out
export const missing = { success: true, result: {} } satisfies Reply<Operation, 200>;
// @ts-expect-error a status the operation does not document
export const undocumented = { success: true, result: { id: "x" } } satisfies Reply<Operation, 500>;
// @ts-expect-error a status without content: nothing satisfies never
export const noContent = {} satisfies Reply<Operation, 204>;
// @ts-expect-error a media type the response does not have
export const otherMedia = "x" satisfies Reply<Operation, 200, "text/plain">;
// @ts-expect-error a body member of the wrong type
export const wrongBody = { name: 1 } satisfies RequestBody<Operation>;
// @ts-expect-error an operation without a body: nothing satisfies never
export const noBody = { name: "a" } satisfies RequestBody<{ responses: object }>;
