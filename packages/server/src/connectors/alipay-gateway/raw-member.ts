// Alipay signs the response member's text exactly as its gateway wrote it (its own key order,
// spacing and escapes such as `\/`), so re-serializing a parsed object would not reproduce it.
// This small scanner finds where a top-level member's value starts and ends in the JSON text.

const whitespace = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, index: number): number {
  let i = index;
  while (i < text.length && whitespace.has(text[i] ?? '')) i++;
  return i;
}

/** `text[index]` is an opening quote; returns the index after the closing quote, or -1. */
function skipString(text: string, index: number): number {
  let i = index + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') i += 2; // Whatever is escaped (`\"`, `\\`, `\u…`) cannot end the string.
    else if (char === '"') return i + 1;
    else i++;
  }
  return -1;
}

/** Returns the index after the value starting at `index`, or -1 when it does not end. */
function skipValue(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return skipString(text, index);
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = index;
    while (i < text.length) {
      const char = text[i];
      if (char === '"') {
        // Braces and brackets inside strings do not count.
        i = skipString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // A number, `true`, `false` or `null`: runs to the next delimiter.
  let i = index;
  while (i < text.length && !',}]'.includes(text[i] ?? '') && !whitespace.has(text[i] ?? '')) i++;
  return i === index ? -1 : i;
}

/**
 * The raw text of the value of the top-level member `name` of the JSON object in `json`, or
 * undefined when `json` is not an object or has no such member. When the member appears more than
 * once the last one is returned, as `JSON.parse` keeps the last: what is verified is what is used.
 * It checks the object's outline, not every token: callers parse the returned text themselves.
 */
export function extractRawMember(json: string, name: string): string | undefined {
  let i = skipWhitespace(json, 0);
  if (json[i] !== '{') return undefined;
  i = skipWhitespace(json, i + 1);
  if (json[i] === '}') return undefined;
  let found: string | undefined;
  for (;;) {
    if (json[i] !== '"') return undefined;
    const keyEnd = skipString(json, i);
    if (keyEnd < 0) return undefined;
    let key: unknown;
    try {
      key = JSON.parse(json.slice(i, keyEnd)); // Decodes escapes, so `"a\u0062"` is the key `ab`.
    } catch {
      return undefined;
    }
    i = skipWhitespace(json, keyEnd);
    if (json[i] !== ':') return undefined;
    i = skipWhitespace(json, i + 1);
    const valueEnd = skipValue(json, i);
    if (valueEnd < 0) return undefined;
    if (key === name) found = json.slice(i, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json[i] === '}') return skipWhitespace(json, i + 1) === json.length ? found : undefined;
    if (json[i] !== ',') return undefined;
    i = skipWhitespace(json, i + 1);
  }
}
