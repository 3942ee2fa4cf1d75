import type { PollingTriggerPerform } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Provider, providerOutputFields, providerSample, User } from '../schemas';

/** Active users who are providers, for the Provider dropdowns; `name` is what the dropdown shows. */
const perform = (async (z, bundle) =>
  (await dropdownPage(z, bundle, { path: '/users', item: recordOf(User) }))
    .filter((user) => user.is_provider && user.active)
    .map((user): Provider => ({ ...user, name: `${user.first_name} ${user.last_name}`.trim() }))) satisfies PollingTriggerPerform;

export const schema = Provider;

export default defineTrigger({
  key: 'providers',
  noun: 'Provider',
  display: { label: 'Providers', description: 'Lists the practice\'s active providers for dropdowns.', hidden: true },
  operation: { type: 'polling', canPaginate: true, perform, sample: providerSample, outputFields: providerOutputFields },
});
