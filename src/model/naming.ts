// Turns spec names into identifiers: predictable rules, documented in the README ("Method names").

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

// Splits on anything that is not a letter or digit, and on lower→upper case changes.
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

// `zero-trust` → `zeroTrust`, `access-service-tokens-update` → `accessServiceTokensUpdate`.
export function camelCase(text: string): string {
  return words(text)
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}

// `service-tokens` → `ServiceTokens`.
export function pascalCase(text: string): string {
  const camel = camelCase(text);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

// `ServiceTokens` → `ServiceToken`; a light English rule, enough for resource names.
export function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

// True for a name usable as a binding (not just as a property key).
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

// True when a name can be written as a bare property key in an object type or literal.
export function isPropertyName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

// Names the emitted method body declares itself; a positional argument must not take one of them.
// The runtime helpers a method body calls are here too: a parameter bound under such a name would hide them.
export const METHOD_LOCALS = new Set(["params", "options", "body", "pathValues", "scope", "init", "runtime", "http", "operation", "query", "next", "paginate", "uploadBody", "ownParams"]);

// A name for a positional argument: `service_token_id` → `serviceTokenId`.
export function argumentName(paramName: string): string {
  const name = camelCase(paramName);
  return isIdentifier(name) && !METHOD_LOCALS.has(name) ? name : `${name || "param"}Value`;
}
