/**
 * Which input values of a health-record step may identify someone, and so are scrubbed from every message
 * a user sees. All of them, but one case: a field that says its choices identify no one (an HTTP method,
 * a status), with `meta: { personal: false }`, and a value that is one of its fixed `choices`. A choice can
 * be personal too (a patient's sex), so a field is personal unless it says otherwise; and a value outside
 * the field's choices (mapped from an earlier step) could be anything, so it is scrubbed.
 */

/** What a field puts in its `meta` (Zapier's field metadata) to say that its choices identify no one. */
export const NOT_PERSONAL = { personal: false } as const;

/** The values a field's fixed `choices` allow: a list of values, of `{value, label}`, or an object keyed by value. */
function choiceValues(choices: unknown): string[] {
  if (Array.isArray(choices)) {
    return choices.map((choice: unknown) => (choice && typeof choice === 'object' ? (choice as { value?: unknown }).value : choice)).filter((value): value is string => typeof value === 'string');
  }
  return choices && typeof choices === 'object' ? Object.keys(choices) : [];
}

/** The choices, by field key, of the fields whose chosen values identify no one. */
function impersonalChoices(inputFields: readonly unknown[]): Map<string, Set<string>> {
  const impersonal = new Map<string, Set<string>>();
  for (const field of inputFields) {
    if (!field || typeof field !== 'object') continue;
    const { key, choices, meta } = field as { key?: unknown; choices?: unknown; meta?: { personal?: unknown } };
    if (typeof key === 'string' && meta?.personal === false) impersonal.set(key, new Set(choiceValues(choices)));
  }
  return impersonal;
}

/** The step's input without the values that identify no one, given the operation's (static) input fields. */
export function personalInput(inputData: Record<string, unknown> | undefined, inputFields: readonly unknown[] = []): Record<string, unknown> {
  const impersonal = impersonalChoices(inputFields);
  return Object.fromEntries(Object.entries(inputData ?? {}).filter(([key, value]) => !(typeof value === 'string' && impersonal.get(key)?.has(value))));
}
