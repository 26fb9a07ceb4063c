import { createRequire } from "node:module";
import type openapiTS from "openapi-typescript";
import type { GlobalContext, OpenAPI3, OpenAPITSOptions, astToString, resolveRef, scanDiscriminators, transformSchema } from "openapi-typescript";
import type ts from "typescript";
import { switchedOff } from "../../self/machinery.js";
import type { JsonValue } from "../../openapi/load.js";
import { forEachRef } from "../../openapi/walk.js";

// openapi-typescript without its @redocly/openapi-core step, for a document whose $refs all point into itself.
//
// `openapiTS()` first lints the document with Redocly's "minimal" rules and bundles it (dereference: false), then
// runs `transformSchema` on the result. For a single-file document the bundle is the document itself, so the lint is
// all that step adds, and specforge has already loaded, resolved and validated the document by then. The step cost
// the fragment ~0.45 s of module loading (@redocly/openapi-core, its config, js-yaml, yaml-ast-parser) and the whole
// 2026 Cloudflare API ~6.7 s of linting, in a 1.6 s and a 71 s run. The output is byte-for-byte openapiTS's
// (test/unit/openapi-typescript-direct.test.ts compares the two on every fixture, so an upgrade that changes the
// context openapiTS builds shows up there). A document with external $refs still goes through openapiTS: the bundle
// names their components, and that naming is Redocly's.

// The modules openapiTS's own index imports these from, loaded without that index (which requires all of
// @redocly/openapi-core at its top). openapi-typescript's `exports` map publishes every file ("./*"); the version is
// pinned exactly in package.json.
interface OpenapiTypescriptParts {
  transformSchema: typeof transformSchema;
  scanDiscriminators: typeof scanDiscriminators;
  resolveRef: typeof resolveRef;
  astToString: typeof astToString;
}

let parts: OpenapiTypescriptParts | undefined;

// Loaded on first use, through CommonJS `require` (as is the index below): in the bundle, that is what sends
// openapi-typescript's own `require("typescript")` to ts-morph's copy (src/emit/schema/shared-typescript.ts). The index,
// and with it Redocly, loads only when a document needs bundling.
function loadParts(): OpenapiTypescriptParts {
  if (parts) return parts;
  const require = createRequire(import.meta.url);
  // A CommonJS file whose module.exports is the function itself.
  const transform = require("openapi-typescript/dist/transform/index.cjs") as typeof transformSchema;
  const utils = require("openapi-typescript/dist/lib/utils.cjs") as Pick<OpenapiTypescriptParts, "scanDiscriminators" | "resolveRef">;
  const printer = require("openapi-typescript/dist/lib/ts.cjs") as Pick<OpenapiTypescriptParts, "astToString">;
  parts = {
    transformSchema: transform,
    scanDiscriminators: utils.scanDiscriminators,
    resolveRef: utils.resolveRef,
    astToString: printer.astToString,
  };
  return parts;
}

// True when every `$ref` in the document starts with "#": nothing for a bundler to pull in. The loader's own walk,
// which skips example and default values (a `$ref` key there is data).
export function hasOnlyInternalRefs(document: JsonValue): boolean {
  let internal = true;
  forEachRef(document, ({ ref }) => {
    internal = ref.startsWith("#");
    return internal ? undefined : "stop";
  });
  return internal;
}

// The context openapiTS (openapi-typescript 7.13.0, src/index.ts) builds from its options, field for field.
function contextFor(document: OpenAPI3, options: OpenAPITSOptions, { scanDiscriminators, resolveRef }: OpenapiTypescriptParts): GlobalContext {
  return {
    additionalProperties: options.additionalProperties ?? false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: options.arrayLength ?? false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(document, options),
    emptyObjectsUnknown: options.emptyObjectsUnknown ?? false,
    enum: options.enum ?? false,
    enumValues: options.enumValues ?? false,
    conditionalEnums: options.conditionalEnums ?? false,
    dedupeEnums: options.dedupeEnums ?? false,
    excludeDeprecated: options.excludeDeprecated ?? false,
    exportType: options.exportType ?? false,
    immutable: options.immutable ?? false,
    rootTypes: options.rootTypes ?? false,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix ?? false,
    rootTypesKeepCasing: options.rootTypesKeepCasing ?? false,
    injectFooter: [],
    pathParamsAsTypes: options.pathParamsAsTypes ?? false,
    postTransform: options.postTransform,
    propertiesRequiredByDefault: options.propertiesRequiredByDefault ?? false,
    // Only the lint and bundle step reads the Redocly config; no transform does (checked in 7.13.0's dist/transform).
    redoc: undefined as unknown as GlobalContext["redoc"],
    silent: options.silent ?? false,
    // openapiTS sets it to undefined when not given; the transforms read it only when truthy.
    ...(options.inject === undefined ? {} : { inject: options.inject }),
    transform: options.transform,
    transformProperty: options.transformProperty,
    makePathsEnum: options.makePathsEnum ?? false,
    generatePathParams: options.generatePathParams ?? false,
    readWriteMarkers: options.readWriteMarkers ?? false,
    resolve<T>($ref: string): T | undefined {
      return resolveRef(document, $ref, { silent: options.silent ?? false });
    },
  };
}

// What openapiTS(document, options) returns for a document with only internal $refs, without its Redocly step. The
// document must be bundled as Redocly's step would leave it, which for such a document means it has a `components`
// object (openapi-typescript writes an interface of `never` members instead of Record<string, never> without one):
// src/openapi/bundle.ts gives every document one.
export function transformWithoutBundling(document: OpenAPI3, options: OpenAPITSOptions): ts.Node[] {
  const loaded = loadParts();
  return loaded.transformSchema(document, contextFor(document, options, loaded));
}

// openapiTS itself: Redocly's lint and bundle, then the transform.
export function transformWithBundling(document: OpenAPI3, options: OpenAPITSOptions): Promise<ts.Node[]> {
  const index = createRequire(import.meta.url)("openapi-typescript") as {
    default: typeof openapiTS;
  };
  return index.default(document, options);
}

// The document's types as openapi-typescript writes them. "auto" skips the Redocly step when nothing needs bundling;
// the other two are for the test that holds both routes to the same output.
export async function openapiTypescriptNodes(document: OpenAPI3, options: OpenAPITSOptions, route: "auto" | "bundled" | "direct" = "auto"): Promise<ts.Node[]> {
  const direct = route === "direct" || (route === "auto" && !switchedOff("direct-openapi-typescript") && hasOnlyInternalRefs(document as unknown as JsonValue));
  return direct ? transformWithoutBundling(document, options) : transformWithBundling(document, options);
}

// openapi-typescript's printer for its nodes.
export function printOpenapiTypescriptNodes(nodes: ts.Node[]): string {
  return loadParts().astToString(nodes);
}
