// The client's layout for tree shaking (issue #20): one module per top-level group with one function per operation,
// and client.ts a facade whose methods only delegate to them.
import { beforeAll, describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/config.js";
import { emitClientFiles } from "../../src/emit/client-files.js";
import { clientLayout } from "../../src/emit/client-layout.js";
import { emitPackageJson, emitPackageTsconfig } from "../../src/emit/package-files.js";
import { specToModel } from "../../src/model/spec-to-model.js";
import type { ApiModel, OperationModel } from "../../src/model/types.js";
import { loadSpecSet } from "../../src/openapi/refs.js";

// Fourteen operations in fourteen groups; the Cloudflare envelope.
const SPEC = "test/fixtures/real-world/non-json-success-30.yaml";
const TARGET: TargetConfig = { name: "non-json", spec: SPEC, out: "unused", packageName: "@specforge/non-json", pathVariants: [], contextParams: [], envelope: { result: "result", success: "success", errors: "errors", messages: "messages" } };

describe("the client's files for a spec with many groups", () => {
  let model: ApiModel;
  let files: Map<string, string>;
  beforeAll(async () => {
    model = specToModel(await loadSpecSet(SPEC), TARGET);
    files = emitClientFiles(model);
  });

  it("writes one module per top-level group, with one exported function per operation of the group", () => {
    const groups = [...new Set(model.operations.map((op) => op.group[0]))];
    expect(groups.length).toBeGreaterThan(5);
    const modules = [...files.keys()].filter((file) => file.startsWith("operations/"));
    expect(modules).toHaveLength(groups.length);
    expect([...files.keys()].filter((file) => !file.startsWith("operations/")).sort()).toEqual(["client.ts", "core.ts"]);
    const layout = clientLayout(model);
    for (const module of layout.modules) {
      const text = files.get(module.file) ?? "";
      const exported = [...text.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
      expect(exported, module.file).toEqual(module.operations.map((op) => layout.functions.get(op)?.name));
      // Each function's body is its operation's: it asks the runtime for that operation, and no other module does.
      for (const op of module.operations) {
        expect(text, op.fullName).toContain(`.runtime.operation(${JSON.stringify(op.fullName)})`);
        expect(op.group[0]).toBe(module.group);
      }
    }
    const bodies = [...files.values()].join("\n").match(/\.runtime\.operation\(/g) ?? [];
    expect(bodies).toHaveLength(model.operations.length);
  });

  it("keeps client.ts a facade: each method returns its function's call with the core, and sends nothing itself", () => {
    const client = files.get("client.ts") ?? "";
    const layout = clientLayout(model);
    expect(client).not.toMatch(/runtime\.operation\(|http\.(GET|PUT|POST|PATCH|DELETE)\(/);
    for (const op of model.operations) {
      const fn = layout.functions.get(op);
      expect(client, op.fullName).toMatch(new RegExp(`return ${fn?.module.namespace}\\.${fn?.name}\\(\\s*${layout.core}[,)]`));
    }
    for (const module of layout.modules) expect(client).toContain(`import * as ${module.namespace} from "./${module.file.replace(/\.ts$/, ".js")}";`);
    // Types follow the split: declared beside the functions, re-exported by client.ts for the package root.
    for (const op of model.operations) {
      expect(files.get(clientLayout(model).functions.get(op)?.module.file ?? "")).toContain(`export type ${op.paramsType} =`);
      expect(client).not.toContain(`export type ${op.paramsType} =`);
      expect(client).toMatch(new RegExp(`export type \\{[^}]*\\b${op.paramsType},`));
    }
  });

  it("exports the core and each group module from the package, all built by its tsconfig", () => {
    const manifest = JSON.parse(emitPackageJson(model, { packageName: "@specforge/non-json", version: "1.0.0", versions: { openapiFetch: "0", typescript: "0", ajv: "0", ajvFormats: "0", vitest: "0" }, source: { spec: SPEC, sha256: "0", generator: "test", files: [] } })) as { exports: Record<string, unknown>; sideEffects: boolean };
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.exports["./core"]).toEqual({ types: "./dist/core.d.ts", import: "./dist/core.js" });
    for (const module of clientLayout(model).modules) {
      const built = module.file.replace(/\.ts$/, "");
      expect(manifest.exports[module.subpath]).toEqual({ types: `./dist/${built}.d.ts`, import: `./dist/${built}.js` });
    }
    expect((JSON.parse(emitPackageTsconfig()) as { include: string[] }).include).toContain("operations/*.ts");
  });
});

// A bare operation, as the layout reads it: its group, method name and positional argument.
function op(group: string[], methodName: string, positional?: string): OperationModel {
  return { group, methodName, fullName: [...group, methodName].join("."), positional: positional === undefined ? undefined : { name: positional } } as unknown as OperationModel;
}

describe("the client's layout names", () => {
  it("names a function by its method path below the top group, camel-cased, and a clash deterministically", () => {
    const ops = [
      op(["zeroTrust", "access", "serviceTokens"], "update"),
      op(["zeroTrust", "a", "bC"], "d"),
      op(["zeroTrust", "aB", "c"], "d"),
      op(["zeroTrust"], "delete"),
      op(["zeroTrust"], "paths"),
      op([], "listPets"),
      op(["core"], "list", "core"),
    ];
    const layout = clientLayout({ operations: ops } as unknown as ApiModel);
    expect(ops.map((o) => layout.functions.get(o)?.name)).toEqual(["accessServiceTokensUpdate", "aBCD", "aBCD2", "deleteOperation", "paths2", "listPets", "list"]);
    expect(layout.modules.map((m) => [m.file, m.subpath, m.namespace])).toEqual([
      ["operations/zero-trust.ts", "./zero-trust", "zeroTrustOperations"],
      ["operations/top-level.ts", "./top-level", "topLevelOperations"],
      // `./core` is the core's own export.
      ["operations/core-operations.ts", "./core-operations", "coreOperations"],
    ]);
    // A positional argument named `core` is in scope in its method: the core takes another name.
    expect(layout.core).toBe("core2");
    // The same model, the same names.
    expect(clientLayout({ operations: ops } as unknown as ApiModel).functions.get(ops[2] as OperationModel)?.name).toBe("aBCD2");
  });
});
