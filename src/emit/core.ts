import { printSourceFile } from "./print.js";
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { ApiModel } from "../model/types.js";
import { docs } from "./operation-docs.js";
import { RUNTIME_ERROR_EXPORTS } from "./package-files.js";
import { dataLiteral, propertyKey } from "./type-refs.js";

// Emits core.ts: ClientOptions, the API's description and createClientCore(), which builds what every operation
// function takes first (the runtime and openapi-fetch's client). The facade's createClient() builds one too; a
// consumer that imports single functions builds it alone, and bundles none of the methods it does not call.
export function emitCore(model: ApiModel): string {
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "openapi-fetch", defaultImport: "createFetchClient", namedImports: ["type Client as FetchClient"] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "./runtime/index.js",
      namedImports: ["createRuntime", "type ApiDescription", "type BaseClientOptions", "type Runtime"],
    },
    ...(model.userAgent === undefined ? [versionImport()] : []),
    // The errors a call rejects with, for a consumer of the group modules: from the package root they come with the
    // facade, and with it every group's types.
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./runtime/index.js", namedExports: [...RUNTIME_ERROR_EXPORTS] },
    clientOptionsType(model),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["What the runtime needs to know about this API: where it is, how it authenticates, how responses are wrapped."],
      declarations: [{ name: "apiDescription", type: "ApiDescription", initializer: (w) => w.write(apiDescription(model)) }],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "ClientCore",
      docs: ["What every operation function takes first: the runtime (auth, retries, errors) and openapi-fetch's client, built by createClientCore()."],
      properties: [
        { name: "runtime", type: "Runtime", isReadonly: true },
        // Typed by no paths: each group module types it by its own slice of schema.ts (`as Http`), and the facade by
        // the whole; typed by schema.ts's `paths` here, it made tsc load every group's types for a consumer of one.
        { name: "http", type: "FetchClient<{}>", isReadonly: true },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "createClientCore",
      docs: docs(`${createClientDocs(model)}\n\nPass it to the functions of the group modules; createClient() wraps the same core in the nested client.`),
      // Without options the environment may supply them (config `env`); the runtime says which are missing.
      parameters: [{ name: "options", type: "ClientOptions", initializer: "{}" }],
      returnType: "ClientCore",
      statements: [
        "const runtime = createRuntime(options, apiDescription);",
        "const http = createFetchClient({ baseUrl: runtime.baseURL, fetch: runtime.fetch, Request: runtime.Request });",
        "return { runtime, http };",
      ],
    },
  ];
  return printSourceFile(statements);
}

// VERSION, for the default User-Agent.
function versionImport(): StatementStructures {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./version.js", namedImports: ["VERSION"] };
}

// The client's ApiDescription as an object literal. The User-Agent is the config's, else `<packageName>/` + VERSION
// from version.ts, so that a release that only bumps the version leaves core.ts as it was.
function apiDescription(model: ApiModel): string {
  const security: { option: string; type: string; name: string }[][] = model.credentialAlternatives.map((alternative) => alternative.map((s) => ({ option: s.option, type: s.type, name: s.headerName })));
  // When some operation needs no credentials, the client must not demand them up front.
  if (security.length > 0 && model.credentialsOptional) security.push([]);
  const entries: [string, string][] = [
    ["defaultBaseURL", dataLiteral(model.defaultBaseURL)],
    ["security", dataLiteral(security)],
    ...(model.envelope ? [["envelope", dataLiteral(model.envelope)] as [string, string]] : []),
    ["userAgent", model.userAgent !== undefined ? dataLiteral(model.userAgent) : `${dataLiteral(`${model.packageName}/`)} + VERSION`],
    ...(model.requestIdHeader ? [["requestIdHeader", dataLiteral(model.requestIdHeader)] as [string, string]] : []),
    ...(Object.keys(model.env).length > 0 ? [["env", dataLiteral(model.env)] as [string, string]] : []),
  ];
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}: ${value}`).join(", ")}}`;
}

export function createClientDocs(model: ApiModel): string {
  const credentials = model.credentialAlternatives.map((a) => a.map((s) => `\`${s.option}\``).join(" and ")).join("; or ");
  const env = Object.entries(model.env).map(([option, name]) => `\`${name}\` (${option})`);
  return [
    `Creates a client for ${model.title}.`,
    credentials ? `Authenticate with ${credentials}.` : "",
    `Requests go to \`${model.defaultBaseURL || "options.baseURL"}\` unless \`baseURL\` says otherwise.`,
    env.length > 0 ? `Options left undefined are read from the environment where there is one: ${env.join(", ")}.` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

// A type alias, not an interface: aliases are assignable to the runtime's Record<string, unknown> options.
function clientOptionsType(model: ApiModel): StatementStructures {
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: "ClientOptions",
    docs: ["Options for createClient() and createClientCore(): credentials from the spec's security schemes, plus transport settings."],
    type: (w) => {
      w.write("BaseClientOptions & ").inlineBlock(() => {
        for (const s of model.securitySchemes) {
          const doc = [s.description, s.type === "header" ? `Sent as the \`${s.headerName}\` header.` : `Sent as \`Authorization: ${s.type === "bearer" ? "Bearer" : "Basic"} …\`.`].filter(Boolean).join("\n\n");
          w.writeLine("/**");
          for (const line of doc.replace(/\*\//g, "*\\/").split("\n")) w.writeLine(` *${line ? " " + line : ""}`);
          w.writeLine(" */");
          w.writeLine(`${propertyKey(s.option)}?: string | null | undefined;`);
        }
      });
    },
  };
}
