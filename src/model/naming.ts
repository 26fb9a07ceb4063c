// Turns spec names into identifiers: predictable rules, documented in the README ("Method names").

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

// Splits on anything that is not a letter or digit, on lower→upper case changes, and after an acronym that runs
// into the next word (`APIKeys` → `API`, `Keys`); an acronym's plural or version stays one word (`VPCs`, `IPv4`,
// `IPsByTag` → `IPs`, …).
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)(?=[A-Z][a-z])(?![A-Z]s(?![a-z]))(?![A-Z]v\d)/g, "$1 ")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

// The words of a name, lower-cased: `cdnListEndpoints` → cdn, list, endpoints.
export function nameWords(text: string): string[] {
  return words(text).map((w) => w.toLowerCase());
}

// A word that starts with two capitals is an acronym (`API`, `SSH`, `VPCs`, `IPv4`): written as a word is, so a
// person would type it (`apiKeys`, `sshKeys`, `vpcs`, `listApiKeys`), not `aPIKeys`.
function asWord(word: string, first: boolean): string {
  if (/^[A-Z]{2}/.test(word)) return first ? word.toLowerCase() : word.charAt(0) + word.slice(1).toLowerCase();
  return asWrittenWord(word, first);
}

// `zero-trust` → `zeroTrust`, `access-service-tokens-update` → `accessServiceTokensUpdate`, `API Keys` → `apiKeys`,
// `1-Click Applications` → `oneClickApplications` (a leading number is spelled out: no name starts with a digit).
// With `keepAcronyms`, for a name its author chose (x-fern-sdk-method-name `getConfigByID`), acronyms stay as written.
export function camelCase(text: string, options: { keepAcronyms?: boolean } = {}): string {
  const [head, ...rest] = words(text);
  if (head === undefined) return "";
  const spelled = /^\d/.test(head) ? [...words(spellLeadingNumber(head)), ...rest] : [head, ...rest];
  return spelled.map((w, i) => (options.keepAcronyms && !(i === 0 && /^[A-Z]{2}/.test(w)) ? asWrittenWord(w, i === 0) : asWord(w, i === 0))).join("");
}

function asWrittenWord(word: string, first: boolean): string {
  return first ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1);
}

const ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" ");
const TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

// `1Click` → `one Click`, `35l` → `thirty five l`; a number of four digits or more keeps its digits behind an `n`.
function spellLeadingNumber(word: string): string {
  const [, digits = "", tail = ""] = /^(\d+)(.*)$/.exec(word) ?? [];
  const n = Number(digits);
  if (digits.length > 3) return `n${word}`;
  const below100 = (k: number): string => (k < 20 ? (ONES[k] as string) : `${TENS[Math.floor(k / 10)] as string}${k % 10 ? ` ${ONES[k % 10] as string}` : ""}`);
  const spelled = n < 100 ? below100(n) : `${ONES[Math.floor(n / 100)] as string} hundred${n % 100 ? ` ${below100(n % 100)}` : ""}`;
  return `${spelled} ${tail}`;
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
