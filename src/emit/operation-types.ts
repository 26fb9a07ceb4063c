import { StructureKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import type { BodyRead, OperationModel, PaginationModel, ParamsPart } from "../model/types.js";
import { nonJsonRead, nonJsonResultType } from "../model/media-types.js";
import { docs } from "./operation-docs.js";
import { propertyKey, writeOperationType, writeResponseBodyType } from "./type-refs.js";

// An operation's readable type aliases (`ServiceTokenUpdateParams`, `ServiceTokenUpdateResponse`…), each an indexed
// access into schema.ts's `paths`, so they cannot drift from the types. Emitted in the operation's group module, beside
// its function, and re-exported by client.ts.

const READ_DOCS: Record<Exclude<BodyRead, "json">, string> = { text: "as text", blob: "as a Blob of its bytes", formData: "parsed into a FormData" };

// `ServiceTokenUpdateParams` and `ServiceTokenUpdateResponse`, derived from schema.ts.
export function operationTypes(op: OperationModel): StatementStructures[] {
  const parts: WriterFunction[] = [];
  const open = (w: CodeBlockWriter, part: ParamsPart) => w.write(op.literalParts.includes(part) ? "Literal<" : "");
  const close = (w: CodeBlockWriter, part: ParamsPart) => w.write(op.literalParts.includes(part) ? ">" : "");
  if (op.variant) {
    const variant = op.variant;
    const choices = Object.keys(variant.choices);
    parts.push((w) => {
      w.write("(");
      choices.forEach((choice) => {
        w.newLine().write("| {").indent(() => {
          w.writeLine(`/** Path parameter \`${variant.id}\` for \`${variant.selector}\` = "${variant.choices[choice]}". Mutually exclusive with ${choices.filter((c) => c !== choice).map((c) => `\`${c}\``).join(", ")}. */`);
          w.writeLine(`${propertyKey(choice)}: string;`);
          for (const other of choices) if (other !== choice) w.writeLine(`${propertyKey(other)}?: never;`);
        });
        w.write("}");
      });
      w.newLine().write(")");
    });
  }
  const pathParams = op.parameters.filter((p) => p.in === "path" && p.passedAs === "params");
  if (pathParams.length > 0) {
    parts.push((w) => {
      w.write("Pick<");
      writeOperationType(w, op);
      w.write(`["parameters"]["path"], ${pathParams.map((p) => JSON.stringify(p.name)).join(" | ")}>`);
    });
  }
  for (const location of ["query", "header"] as const) {
    if (!op.parameters.some((p) => p.in === location)) continue;
    parts.push((w) => {
      open(w, location);
      w.write("NonNullable<");
      writeOperationType(w, op);
      w.write(`["parameters"][${JSON.stringify(location)}]>`);
      close(w, location);
    });
  }
  if (op.body) {
    const body = op.body;
    const bodyType: WriterFunction = (w) => {
      open(w, "body");
      w.write(body.required ? "" : "NonNullable<");
      writeOperationType(w, op);
      w.write(`["requestBody"]${body.required ? "" : ">"}["content"][${JSON.stringify(body.contentType)}]`);
      close(w, "body");
    };
    if (body.flattened) parts.push(bodyType);
    else
      parts.push((w) => {
        w.write(`{ body${body.required ? "" : "?"}: `);
        // Bytes and files take uploads (src/runtime/upload.ts), not the string openapi-typescript makes of binary data.
        if (body.encoding === "binary") w.write("Uploadable");
        else if (body.fileFields.length > 0) {
          w.write("WithUploads<");
          bodyType(w);
          w.write(`, ${body.fileFields.map((f) => JSON.stringify(f)).join(" | ")}>`);
        } else bodyType(w);
        w.write(" }");
      });
  }
  const success = op.success;
  const nonJson = nonJsonRead(op);
  const pagination = op.pagination;
  if (pagination) return [paramsType(op, parts), ...pageTypes(op, pagination)];
  return [
    paramsType(op, parts),
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.responseType,
      // docs() escapes the `*/` of a media type such as `*/*`, which would end the comment.
      docs: docs(`What \`${op.fullName}\` resolves with${op.unwrapKey !== undefined ? " (the envelope's result)" : nonJson ? ` (the \`${success?.contentType}\` body ${READ_DOCS[nonJson]})` : ""}.`),
      type: (w) => {
        // Not from schema.ts: the schema of a PDF or a PNG says `string`, but the runtime resolves what it read.
        if (nonJson) {
          w.write(nonJsonResultType(nonJson));
          if (op.bodilessSuccess.length > 0) w.write(" | undefined");
          return;
        }
        const unwrap = op.unwrapKey !== undefined;
        if (unwrap) w.write("NonNullable<");
        writeResponseBodyType(w, op, success);
        if (unwrap) w.write(`[${JSON.stringify(op.unwrapKey)}]>`);
        // A documented bodiless 2xx (`204` beside the envelope's `200`) resolves with undefined.
        if (unwrap && op.bodilessSuccess.length > 0) w.write(" | undefined");
      },
    },
  ];
}

// `ServiceTokenListParams`: the parts of the flat params object, intersected.
function paramsType(op: OperationModel, parts: WriterFunction[]): StatementStructures {
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: op.paramsType,
    docs: [`Parameters of \`${op.fullName}\` (${op.method.toUpperCase()} ${op.path}).`],
    type: (w) => {
      if (parts.length === 0) w.write("Record<string, never>");
      parts.forEach((part, i) => {
        if (i > 0) w.write(" & ");
        part(w);
      });
    },
  };
}

// `NonNullable<NonNullable<Body["a"]>["b"]>`: the type at a property path of the 2xx JSON body ([] is the body).
function writeBodyAt(w: CodeBlockWriter, op: OperationModel, path: readonly string[]): void {
  for (let i = 0; i < path.length; i++) w.write("NonNullable<");
  writeResponseBodyType(w, op, op.success);
  for (const name of path) w.write(`[${JSON.stringify(name)}]>`);
}

// A paginated method's item type (its response type: what `for await` yields) and its page info's type.
function pageTypes(op: OperationModel, pagination: PaginationModel): StatementStructures[] {
  const { items, info } = pagination.rule;
  const types: StatementStructures[] = [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: op.responseType,
      docs: [`One item of the pages \`${op.fullName}\` resolves with (${items.length > 0 ? `the body's \`${items.join(".")}\`` : "the body itself"}).`],
      type: (w) => {
        writeBodyAt(w, op, items);
        w.write("[number]");
      },
    },
  ];
  if (info && pagination.infoType) {
    types.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: pagination.infoType,
      docs: [`The page info of \`${op.fullName}\` (the body's \`${info.join(".")}\`), as \`page.info\`.`],
      type: (w) => writeBodyAt(w, op, info),
    });
  }
  return types;
}
