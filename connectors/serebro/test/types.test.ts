/**
 * An action's `bundle.inputData` is typed by its field list, even with the dynamic fields every Serebro
 * action has (the Location on Agency connections, the Location's custom fields `cf__<id>`): a perform that
 * reads a key no field declares does not compile. `npx tsc --noEmit` checks the expectation below (an
 * unused `@ts-expect-error` is itself an error), and the tests show what the types stand for at run time.
 */
import { defineInputFields, type Bundle, type CreatePerform, type InferInputData, type ZObject } from 'zapier-platform-core';
import { contactBodyFrom, contactDetailFields, customFieldInputs, customFieldsByIdField, locationField } from '../src/fields';

const inputFields = defineInputFields([
  locationField,
  ...contactDetailFields('Tags for the new contact.'),
  customFieldInputs('contact'),
  customFieldsByIdField,
]);

/** Written like Create Contact's perform, with one key misspelt. */
const perform = (async (z, bundle) => {
  // @ts-expect-error `emial` is not an input of this action: only its fields' keys (and `cf__…` custom fields) are.
  const misspelt: unknown = bundle.inputData.emial;
  const tags: string[] | undefined = bundle.inputData.tags;
  return { body: contactBodyFrom(z, bundle.inputData), misspelt, tags };
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

const z = {} as ZObject;
const bundleOf = (inputData: Record<string, unknown>, userType = 'Location') => ({ authData: { user_type: userType }, inputData }) as unknown as Bundle;

describe('input types', () => {
  it('a misspelt key reads nothing at run time, which is why it must not compile', async () => {
    const result = await perform(z, bundleOf({ email: 'ada@example.com', tags: ['vip'] }) as Parameters<typeof perform>[1]);
    expect(result).toEqual({ body: { email: 'ada@example.com', tags: ['vip'] }, misspelt: undefined, tags: ['vip'] });
  });

  it('the Location input the type allows appears on Agency connections only', () => {
    expect(locationField(z, bundleOf({}, 'Company')).map((field) => field.key)).toEqual(['locationId']);
    expect(locationField(z, bundleOf({}, 'Location'))).toEqual([]);
  });

  it('every contact field the type names is sent to Serebro AI when filled in', () => {
    const keys = inputFields.flatMap((field) => (typeof field === 'function' || field.key === 'customFields' ? [] : [field.key]));
    const filled = Object.fromEntries(keys.map((key) => [key, key === 'email' ? 'ada@example.com' : key === 'phone' ? '+13125550101' : key === 'country' ? 'us' : 'x']));
    expect(Object.keys(contactBodyFrom(z, filled)).sort()).toEqual([...keys].sort());
  });
});
