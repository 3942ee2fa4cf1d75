import { defineApp } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { appFrom, checkOverride, schemasOf } from '../../kit';
import { policy } from './src/client';
import * as createCustomer from './src/creates/create_customer';
import * as createJob from './src/creates/create_job';
import * as apiRequest from './src/creates/api_request';
import * as findCustomer from './src/searches/find_customer';
import * as customerList from './src/triggers/customer_list';
import * as jobStatusChanged from './src/triggers/job_status_changed';
import * as newJob from './src/triggers/new_job';
import * as serviceTypeList from './src/triggers/service_type_list';

checkOverride('SERGIO_BASE_URL');

/** One line per operation: the app and the schemas of what each returns come from these lists. */
const triggers = [
  newJob,
  jobStatusChanged,
  customerList,
  serviceTypeList,
];
const creates = [
  createJob,
  createCustomer,
  apiRequest,
];
const searches = [
  findCustomer,
];

export default defineApp(
  appFrom(policy, {
    version: packageJson.version,
    authentication,
    triggers,
    creates,
    searches,
    findOrCreate: [
      { search: findCustomer, create: createCustomer, label: 'Find or Create Customer', description: 'Finds a customer by email, phone or name, and creates one when none matches.' },
    ],
  }),
);

/** What each operation returns, keyed by its path in the app (`creates.create_job`): test/samples.test.ts checks every sample against it. */
export const schemas = schemasOf({ triggers, creates, searches });
