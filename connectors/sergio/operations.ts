import type { Connector } from '../../kit';
import { policy } from './src/client';
import * as createCustomer from './src/creates/create_customer';
import * as createJob from './src/creates/create_job';
import * as apiRequest from './src/creates/api_request';
import * as findCustomer from './src/searches/find_customer';
import * as customerList from './src/triggers/customer_list';
import * as jobStatusChanged from './src/triggers/job_status_changed';
import * as newJob from './src/triggers/new_job';
import * as serviceTypeList from './src/triggers/service_type_list';

/**
 * One line per operation: the Zapier app (index.ts), the n8n node, the schemas of what each returns and every
 * list derived from them (docs, publishing checks, invoke coverage, bench) come from these lists.
 */
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

/** Searches paired with the create that runs when they find nothing (Zapier's Find or Create, one n8n operation). */
const findOrCreate = [
  { search: findCustomer, create: createCustomer, label: 'Find or Create Customer', description: 'Finds a customer by email, phone or name, and creates one when none matches.' },
];

/** The connector as every runtime reads it: its policy and its operations. */
export const operations = { policy, triggers, creates, searches, findOrCreate } satisfies Connector;
