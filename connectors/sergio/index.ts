import { defineApp, version as platformVersion } from 'zapier-platform-core';
import packageJson from './package.json';
import authentication from './src/authentication';
import { afterResponseFor, beforeRequestFor, checkOverride, guardApp } from '../../kit';
import { policy } from './src/client';
import createCustomer from './src/creates/create_customer';
import createJob from './src/creates/create_job';
import apiRequest from './src/creates/api_request';
import findCustomer from './src/searches/find_customer';
import customerList from './src/triggers/customer_list';
import jobStatusChanged from './src/triggers/job_status_changed';
import newJob from './src/triggers/new_job';
import serviceTypeList from './src/triggers/service_type_list';

checkOverride('SERGIO_BASE_URL');

export default defineApp(
  guardApp(policy, {
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [beforeRequestFor(policy)],
  afterResponse: [afterResponseFor(policy)],
  // The kit's afterResponse sees 429s (and their Retry-After) instead of core throwing first.
  flags: { throwForThrottlingEarly: false, cleanInputData: true },
  triggers: {
    [newJob.key]: newJob,
    [jobStatusChanged.key]: jobStatusChanged,
    [customerList.key]: customerList,
    [serviceTypeList.key]: serviceTypeList,
  },
  creates: {
    [createJob.key]: createJob,
    [createCustomer.key]: createCustomer,
    [apiRequest.key]: apiRequest,
  },
  searches: {
    [findCustomer.key]: findCustomer,
  },
  searchOrCreates: {
    [findCustomer.key]: {
      key: findCustomer.key,
      display: {
        label: 'Find or Create Customer',
        description: 'Finds a customer by email, phone or name, and creates one when none matches.',
      },
      search: findCustomer.key,
      create: createCustomer.key,
    },
  },
}),
);
