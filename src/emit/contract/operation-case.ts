import type { CodeBlockWriter, WriterFunction } from "ts-morph";
import type { JsonValue } from "../../model/json.js";
import type { ApiModel, ExampleModel, OperationModel, ResponseModel } from "../../model/types.js";
import { nonJsonRead, nonJsonResultType } from "../../model/media-types.js";
import { heldToType } from "../../model/type-fit.js";
import { dataLiteral, responseKey } from "../type-refs.js";
import { encodingProbe, exampleFor, filledPath, pathFill, PROBE, writeCall } from "./calls.js";

// One operation of the contract suite, as the runner (src/testkit/contract-runner.ts OperationCase) reads it: its
// examples as data, each held to openapi-typescript's type with `satisfies`, and its typed calls.

interface ResponsePlan {
  response: ResponseModel;
  example: ExampleModel;
}

// Methods a body cannot be sent with: fetch refuses it ("Request with GET/HEAD method cannot have body").
const BODILESS_METHODS = new Set(["get", "head"]);

// Each response example to test (a documented status without content gets one "no content" case).
function responsePlans(op: OperationModel): ResponsePlan[] {
  const plans: ResponsePlan[] = [];
  for (const response of op.responses) {
    const examples = response.examples.length > 0 ? response.examples : response.contentType ? [] : [{ name: "no content", value: null, built: true, fits: true, problems: [], typeProblems: [] }];
    for (const example of examples) plans.push({ response, example });
  }
  return plans;
}

// Indexes into the spec's credential alternatives of those the operation accepts, leaving out each one that holds
// an earlier one whole: given its credentials, the runtime uses the first alternative they satisfy, so a shadowed
// alternative (upstream lists `api_email + api_key + api_token` after `api_email + api_key`) is never sent as such.
function ownAlternatives(model: ApiModel, op: OperationModel): number[] {
  const key = (keys: string[]) => [...keys].sort().join(" ");
  const accepted = new Set(op.security.map(key));
  const keysOf = model.credentialAlternatives.map((alternative) => alternative.map((s) => s.key));
  const shadowed = (index: number) => keysOf.slice(0, index).some((earlier) => earlier.length > 0 && earlier.every((k) => keysOf[index]?.includes(k)));
  return keysOf.flatMap((keys, index) => (accepted.has(key(keys)) && !shadowed(index) ? [index] : []));
}

// Written above an example that is not held to its schema's TypeScript type (see heldToType): it does not fit the
// schema, or it does and openapi-typescript's type for the schema is narrower (ExampleModel.typeProblems).
function writeNotHeldToType(w: CodeBlockWriter, example: ExampleModel): void {
  if (!example.fits) w.writeLine("// Does not fit its schema by specforge's reading, so not held to its type; the schema check says where.");
  else {
    w.writeLine(`// Fits its schema, but not openapi-typescript's type for it: ${(example.typeProblems[0] ?? "").replace(/\s+/g, " ")}.`);
    w.writeLine("// So it is not held to that type; the schema check holds it to the schema.");
  }
}

/** An entry written as `{ path }`: the value is the const of the same name. */
const SHORTHAND = "shorthand";

// `{ a: …, b: … }` from entries in order; an entry without a writer is left out.
function writeObject(w: CodeBlockWriter, entries: [string, WriterFunction | typeof SHORTHAND | undefined][]): void {
  w.write("{");
  for (const [key, write] of entries) {
    if (!write) continue;
    w.write(` ${key}`);
    if (write !== SHORTHAND) {
      w.write(": ");
      write(w);
    }
    w.write(",");
  }
  w.write(" }");
}

// The number an operation's media keys start with (`12.200`, `12.body`), from the model's keys: the runner derives each
// key that follows the pattern from it (src/testkit/contract-runner.ts OperationCase.media).
function mediaIndex(op: OperationModel): string | undefined {
  const keys = [...op.responses.map((r) => r.mediaKey), op.body?.mediaKey, ...op.parameters.map((p) => p.mediaKey)];
  const first = keys.find((key) => key !== undefined && /^\d+\./.test(key));
  return first?.slice(0, first.indexOf("."));
}

// A media key as the runner is to be told it: left out when it follows from the operation's number, null when there
// is content but no schema to check.
function keyEntry(key: string | undefined, media: string | undefined, own: string): WriterFunction | undefined {
  if (key === undefined) return media === undefined ? undefined : data(null);
  return key === `${media}.${own}` ? undefined : data(key);
}

const data = (value: unknown): WriterFunction => (w) => w.write(dataLiteral(value));

// An example's value, held to `type` unless heldToType says it cannot be.
function writeExample(w: CodeBlockWriter, example: ExampleModel, type: string): void {
  w.write(dataLiteral(example.value));
  if (heldToType(example)) w.write(` satisfies ${type}`);
}

// The names an operation's types and examples go by in its block of the group file. Each operation is a block of its
// own, so its names are short and need not be unique in the file: what the file repeats thousands of times on a
// large API is what is kept short, and prettier indents the examples once, not four levels deep in the descriptor.
const OPERATION_TYPE = "T";
const PATH = "path";
const BODY_TYPE = "B";
const SENT = "sent";

// `Reply<T, 200>`, `Reply<T, "4XX", "text/plain">`: the type of a response's content (contract-kit.ts Reply).
function replyType(response: ResponseModel): string {
  const media = response.contentType === "application/json" ? "" : `, ${JSON.stringify(response.contentType)}`;
  return `Reply<${OPERATION_TYPE}, ${responseKey(response)}${media}>`;
}

// `const r0 = { … } satisfies Reply<T, 200>;`, with the comment of an example not held to its type above it.
function writeExampleConst(w: CodeBlockWriter, name: string, example: ExampleModel, type: string): void {
  if (!heldToType(example)) writeNotHeldToType(w, example);
  w.write(`const ${name} = `);
  writeExample(w, example, type);
  w.write(";").newLine();
}

// One operation's block: its type aliases, its examples as consts, and the `operation({ … })` call.
export function writeOperationCase(w: CodeBlockWriter, model: ApiModel, op: OperationModel): void {
  w.write("{").newLine();
  // The path once: the const is the descriptor's `path` and names the operation's type.
  w.writeLine(`const ${PATH} = ${JSON.stringify(op.path)};`);
  w.writeLine(`type ${OPERATION_TYPE} = paths[typeof ${PATH}][${JSON.stringify(op.method)}];`);
  const body = op.body;
  if (body) w.writeLine(`type ${BODY_TYPE} = RequestBody<${OPERATION_TYPE}${body.contentType === "application/json" ? "" : `, ${JSON.stringify(body.contentType)}`}>;`);
  const bodyType = body?.literal ? `Literal<${BODY_TYPE}>` : BODY_TYPE;
  const plans = responsePlans(op);
  const callsSendBody = !BODILESS_METHODS.has(op.method);
  const bodyExamples = body?.examples ?? [];
  const callExample = body?.callExample;
  const callIndex = callExample ? bodyExamples.indexOf(callExample) : -1;
  // The calls that test something else send a body that fits (op.body.callExample), so that a documented body that
  // contradicts its schema fails its own tests only.
  const sendsBody = callsSendBody && (callExample !== undefined || bodyExamples.length > 0);
  // The body the calls send, a const of its own when it is held to its type: the calls take it as its own literal type
  // (`typeof`), as a caller's object would be, since the method's params type (its input rewrites) may not take every
  // value of the schema's type. One not held to its type is passed as the schema's.
  const sent = sendsBody ? (callExample ?? bodyExamples[0]) : undefined;
  const sentName = sent && heldToType(sent) ? SENT : undefined;
  const sentType = sentName ? `typeof ${sentName}` : bodyType;
  const upload = body?.encoding === "binary" ? "Uint8Array<ArrayBuffer>" : body?.encoding === "multipart" && body.fileFields.length > 0 ? `WithFiles<${sentType}, ${body.fileFields.map((f) => JSON.stringify(f)).join(" | ")}>` : undefined;
  const read = nonJsonRead(op);
  // A method that resolves a body that is not JSON is declared with its type: the call's return type holds it to it.
  const returns = read ? `: PromiseLike<${nonJsonResultType(read)}${op.bodilessSuccess.length > 0 ? " | undefined" : ""}>` : "";
  const arrow = (choice?: string): WriterFunction => (w) => {
    const params = sendsBody ? ["client", `body: ${upload ?? sentType}`] : ["client", "_"];
    if (op.positional) params.push("id");
    else if (!sendsBody) params.pop();
    w.write(`(${params.join(", ")})${returns} => `);
    writeCall(w, op, { body: sendsBody ? "body" : undefined, id: op.positional ? "id" : undefined, choice });
  };
  const compiles = (args: Parameters<typeof writeCall>[2]): WriterFunction => (w) => {
    w.write("(client) => ");
    writeCall(w, op, args);
  };

  const successIndex = plans.findIndex((p) => p.response === op.success);
  const own = ownAlternatives(model, op);
  const probe = encodingProbe(op.positional);
  const query = [...op.fixedQuery, ...op.parameters.flatMap((p) => (p.in === "query" && p.required && (typeof p.example === "string" || typeof p.example === "number" || typeof p.example === "boolean") ? [[p.name, String(p.example)] as [string, string]] : []))];
  const fixed = new Set(op.fixedQuery.map(([name]) => name));
  const optional = [...new Set(op.parameters.filter((p) => p.in === "query" && !p.required && !fixed.has(p.name)).map((p) => p.name))];
  const documented = new Map<string, JsonValue>();
  const parameterCases: { in: string; name: string; example: string; key: string; value: JsonValue }[] = [];
  for (const p of op.parameters) {
    for (const example of p.examples) {
      if (p.mediaKey) parameterCases.push({ in: p.in, name: p.name, example: example.name, key: p.mediaKey, value: example.value });
      if (heldToType(example) && p.passedAs === "params" && p.in !== "path" && !documented.has(p.name)) documented.set(p.name, example.value);
    }
  }
  const variants = op.success && op.variant ? Object.keys(op.variant.choices).slice(1) : [];
  const media = mediaIndex(op);
  const sends = filledPath(op, undefined);
  const fill = sends === op.path ? undefined : pathFill(op, undefined);

  if (sent && sentName) {
    w.write(`const ${sentName} = `);
    writeExample(w, sent, bodyType);
    w.write(";").newLine();
  }
  // Each example's const: the sent body is `sent`, other body examples `b0`…, response examples `r0`….
  const bodyNames = bodyExamples.map((example, i) => (example === sent && sentName ? sentName : `b${i}`));
  bodyExamples.forEach((example, i) => {
    if (bodyNames[i] !== sentName) writeExampleConst(w, `b${i}`, example, bodyType);
  });
  const responseNames = plans.map(({ response }, i) => (response.contentType ? `r${i}` : undefined));
  plans.forEach(({ response, example }, i) => {
    if (response.contentType) writeExampleConst(w, `r${i}`, example, response.literal ? `Literal<${replyType(response)}>` : replyType(response));
  });
  w.write("operation(");
  writeObject(w, [
    ["name", data(op.fullName)],
    ["method", data(op.method.toUpperCase())],
    [PATH, SHORTHAND],
    ["sends", sends === op.path || fill ? undefined : data(sends)],
    ["fill", fill ? data(fill) : undefined],
    ["media", media !== undefined ? (w) => w.write(media) : undefined],
    ["id", op.positional ? data(exampleFor(op.positional)) : undefined],
    ["query", query.length > 0 ? data(query) : undefined],
    ["optional", optional.length > 0 ? data(optional) : undefined],
    ["unwrap", op.unwrapKey !== undefined ? data(op.unwrapKey) : undefined],
    ["read", read ? data(read) : undefined],
    ["pagination", op.pagination ? data(op.pagination.rule) : undefined],
    [
      "body",
      body
        ? (w) =>
            writeObject(w, [
              ["contentType", body.contentType === "application/json" ? undefined : data(body.contentType)],
              ["encoding", body.encoding === "json" ? undefined : data(body.encoding)],
              ["key", keyEntry(body.mediaKey, media, "body")],
              ["files", body.encoding === "multipart" && body.fileFields.length > 0 ? data(body.fileFields) : undefined],
              [
                "examples",
                (w) => {
                  w.write("[");
                  bodyExamples.forEach((example, i) => {
                    // A documented body is written out in a call, as a caller would: tsc holds it to the method's params
                    // type. Not one the runner wraps to upload (a Blob, a form's files): the caller's type differs there.
                    const compile = !example.built && heldToType(example) && upload === undefined;
                    writeObject(w, [
                      ["example", example.built ? undefined : data(example.name)],
                      ["value", (w) => w.write(bodyNames[i] ?? "")],
                      ["compiles", compile ? compiles({ literalBody: example.value }) : undefined],
                    ]);
                    w.write(",");
                  });
                  w.write("]");
                },
              ],
              ["call", sendsBody && !(callExample && callIndex < 0) ? data(Math.max(callIndex, 0)) : undefined],
              ["callValue", sendsBody && callExample && callIndex < 0 ? (w) => (sentName ? w.write(sentName) : writeExample(w, callExample, bodyType)) : undefined],
            ])
        : undefined,
    ],
    [
      "responses",
      (w) => {
        w.write("[");
        plans.forEach(({ response, example }, i) => {
          const value = responseNames[i];
          writeObject(w, [
            ["status", data(response.status)],
            // The runner takes `status` as the code and application/json as the media type of content, unless told.
            ["code", String(response.sampleStatus) === response.status ? undefined : data(response.sampleStatus)],
            ["example", example.built ? undefined : data(example.name)],
            ["contentType", response.contentType && response.contentType !== "application/json" ? data(response.contentType) : undefined],
            ["key", response.contentType ? keyEntry(response.mediaKey, media, response.status) : undefined],
            ["value", value !== undefined ? (w) => w.write(value) : undefined],
          ]);
          w.write(",");
        });
        w.write("]");
      },
    ],
    ["success", op.success ? data(successIndex >= 0 ? successIndex : { code: op.success.sampleStatus }) : undefined],
    ["auth", own.length === model.credentialAlternatives.length ? undefined : data(own)],
    ["probe", op.success && op.positional && probe !== undefined ? data(probe === PROBE ? { name: op.positional.name } : { name: op.positional.name, value: probe }) : undefined],
    ["parameters", parameterCases.length > 0 ? data(parameterCases.map(({ key, ...rest }) => (key === `${media}.${rest.in}.${rest.name}` ? rest : { ...rest, key }))) : undefined],
    ["documented", documented.size > 0 ? compiles({ documented, literalBody: body?.required ? callExample?.value : undefined }) : undefined],
    [
      "variants",
      variants.length > 0
        ? (w) => {
            w.write("[");
            for (const choice of variants) {
              const variantFill = pathFill(op, choice);
              writeObject(w, [
                ["choice", data(choice)],
                ["path", variantFill ? undefined : data(filledPath(op, choice))],
                ["fill", variantFill ? data(variantFill) : undefined],
                ["call", arrow(choice)],
              ]);
              w.write(", ");
            }
            w.write("]");
          }
        : undefined,
    ],
    ["call", arrow()],
  ]);
  w.write(");").newLine();
  w.write("}").newLine();
}
