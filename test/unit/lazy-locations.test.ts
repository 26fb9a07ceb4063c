// The model records a location for every operation and its parameters, for the messages a later stage may need to
// give. Reading a location's line takes a second, position-keeping parse of the whole spec (src/openapi/load.ts),
// seconds on a large one: a render of a good spec must not read any.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { ErrorLocation } from "../../src/errors.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import { bundleSpecSet } from "../../src/openapi/bundle.js";
import { loadSpecSet } from "../../src/openapi/refs.js";
import { validateSpec } from "../../src/openapi/validate.js";

describe("locations in the model", () => {
  it("are recorded, and no line is read while modelling a good spec", async () => {
    const [target] = await loadConfig();
    if (!target) throw new Error("specforge.config.json has no target");
    const set = await bundleSpecSet(await loadSpecSet(target.spec));
    validateSpec(set);
    let recorded = 0;
    let read = 0;
    const locate = set.root.locate.bind(set.root);
    set.root.locate = (pointer: string): ErrorLocation => {
      recorded++;
      const location = locate(pointer);
      return {
        file: location.file,
        pointer: location.pointer,
        get line() {
          read++;
          return location.line;
        },
      };
    };
    const model = specToModel(set, target);
    expect(model.operations.length).toBeGreaterThan(0);
    expect(recorded).toBeGreaterThan(0);
    expect(read).toBe(0);
  });
});
