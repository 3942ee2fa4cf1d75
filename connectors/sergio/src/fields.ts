import type { ZObject } from 'zapier-platform-core';
import type { Address } from './schemas';
import { clean, invalidInput } from '../../../kit';

/** Labels of the address inputs (keyed by the API's own field names), for errors naming one. */
export const ADDRESS_LABELS = { street: 'Street', city: 'City', state: 'State', zip: 'ZIP Code' } as const;
type AddressKey = keyof typeof ADDRESS_LABELS;

/**
 * The address from the four inputs: all four, or (when `optional`) none. A partial address is
 * refused naming the first missing field, before any request.
 */
export function addressFrom(z: ZObject, input: Record<string, unknown>, optional: boolean): Address | undefined {
  const values = {
    street: clean(input.street),
    city: clean(input.city),
    state: clean(input.state),
    zip: clean(input.zip),
  };
  const given = Object.values(values).filter(Boolean).length;
  if (given === 0 && optional) return undefined;
  // `Object.keys` types its result as any strings; these are the labels' own keys, in the order the inputs are shown.
  const missing = (Object.keys(ADDRESS_LABELS) as AddressKey[]).find((key) => !values[key]);
  if (missing) {
    const why = optional ? ' when any address field is filled in' : '';
    invalidInput(z, `${ADDRESS_LABELS[missing]} is required${why}.`);
  }
  // All four are filled in: a missing one was refused above.
  return values as Address;
}
