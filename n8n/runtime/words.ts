/**
 * The words of a node: n8n-style names (camelCase values, snake_case keys, sentence case, plurals),
 * the resource, name and action text of an operation read from its label, and help text as n8n
 * shows it (HTML, in sentences as n8n's lint counts them).
 */

// ---- names ------------------------------------------------------------------------------------------

const isAcronym = (word: string) => word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word);

/** Words in lower case but acronyms ("API Request" → "API request"). */
const lowerWords = (text: string) =>
  text
    .split(' ')
    .map((word) => (isAcronym(word) ? word : word.toLowerCase()))
    .join(' ');

export const sentenceCase = (text: string) => {
  const lowered = lowerWords(text);
  return lowered.charAt(0).toUpperCase() + lowered.slice(1);
};

/** n8n's parameter values: "Add Tags" → `addTags`, "API Request" → `apiRequest`. */
export const camelCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join('');

/** "Find or Create Contact" → `find_or_create_contact`. */
export const snakeCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase())
    .join('_');

const articleFor = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/** "Opportunity" → "opportunities", "API Request" → "API requests". */
export function plural(noun: string): string {
  const words = lowerWords(noun);
  if (/[^aeiou]y$/.test(words)) return `${words.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(words)) return `${words}es`;
  return `${words}s`;
}

/** "Tags" → "Tag": the label of one of a list's items. */
export const singular = (label: string) => (/[^s]s$/.test(label) ? label.slice(0, -1) : label);

/**
 * The resource an operation acts on: the longest of the connector's nouns its label ends with ("Add
 * Tags to Contact": Contact; "Execute Workflow": Workflow), or its own noun ("API Request").
 */
export function resourceOf(definition: { label: string; noun: string }, nouns: readonly string[]): string {
  const named = nouns.filter((noun) => definition.label === noun || definition.label.endsWith(` ${noun}`));
  return named.sort((a, b) => b.length - a.length)[0] ?? definition.noun;
}

/**
 * The operation's name within its resource: its label without the resource ("Add Tags to Contact" →
 * "Add Tags"). A label that is the resource itself ("API Request") takes the verb its description
 * starts with ("Sends …" → "Send").
 */
export function operationNameOf(label: string, resource: string, description: string): string {
  const rest = label === resource ? '' : label.slice(0, label.length - resource.length).trim().replace(/\s+(to|from|in|for|of|on)$/i, '');
  if (rest) return rest;
  const verb = description.split(' ')[0].replace(/s$/, '');
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** n8n's action text: "Add tags to a contact", "Send an API request". */
export function actionOf(label: string, resource: string, name: string): string {
  const phrase = label === resource ? `${name} ${resource}` : label;
  const verbs = phrase.endsWith(resource) ? phrase.slice(0, phrase.length - resource.length) : `${phrase} `;
  return sentenceCase(`${verbs}${articleFor(resource)} ${resource}`);
}

// ---- text -------------------------------------------------------------------------------------------

/** A connector's help text (Zapier's Markdown) as n8n shows one (HTML): escaped, with `code` kept as code. */
export function htmlOf(markdown: string): string {
  return markdown
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Sentences as n8n writes a description: one sentence has no final period, several end with one
 * (counted as n8n's lint counts them, with the first "e.g." not ending one).
 */
export function n8nSentences(...parts: Array<string | undefined>): string | undefined {
  const sentences = parts.map((part) => part?.trim()).filter((part): part is string => Boolean(part));
  if (!sentences.length) return undefined;
  const text = sentences.map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`)).join(' ');
  const single = text.replace('e.g.', '').split('. ').length === 1;
  return single ? text.replace(/\.$/, '') : text;
}

/**
 * A node's subtitle (the line n8n's canvas shows under its name) naming what `parameter` is set to by its
 * label: an expression looking the value up among the labels, so that the canvas says "Create a job", not
 * `create_job`. A value without a label (none yet) shows nothing.
 */
export function subtitleNaming(parameter: string, labels: ReadonlyMap<string, string>): string {
  const table = JSON.stringify(Object.fromEntries(labels));
  // n8n ends an expression at its first `}}`: a label holding braces would cut it short.
  if (/[{}]/.test([...labels.values()].join(''))) throw new Error(`A label of "${parameter}" holds a brace, which a subtitle expression cannot hold.`);
  return `={{ (${table})[$parameter["${parameter}"]] ?? "" }}`;
}
