// The API listing of an OpenAPI document held in memory, through the real pipeline's validation, model and listing:
// what `generate` writes to API.md for that spec, without a file on disk.
import { createHash } from "node:crypto";
import type { TargetConfig } from "../../src/config.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { JsonObject } from "../../src/openapi/load.js";
import type { SpecSet } from "../../src/openapi/refs.js";
import { validateSpec } from "../../src/openapi/validate.js";
import { emitApiListing } from "../../src/report/api-listing.js";

export const LISTING_TARGET: TargetConfig = { name: "pets", spec: "pets.json", out: "unused", packageName: "@test/pets", pathVariants: [], contextParams: ["owner_id"] };

// Validates the document, models it for the target and returns its API.md text.
export function listingOfSpec(document: JsonObject, target: TargetConfig = LISTING_TARGET): string {
  const text = JSON.stringify(document);
  const file = {
    file: target.spec,
    absolutePath: `/in-memory/${target.spec}`,
    text,
    sha256: createHash("sha256").update(text).digest("hex"),
    // The model keeps references into the document: each listing gets its own copy.
    document: JSON.parse(text) as JsonObject,
    locate: (pointer: string) => ({ file: target.spec, pointer }),
  };
  const set: SpecSet = { root: file, files: new Map([[file.absolutePath, file]]) };
  validateSpec(set);
  return emitApiListing(specToModel(set, target), target.packageName);
}
