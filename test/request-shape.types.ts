/**
 * What `shape` means in a request of each connector, checked by the compiler (`npm run typecheck`):
 * nothing here runs. Left out, the request expects no body and its result is undefined, in every
 * connector alike; given, the shape types the result (and an accepted status adds undefined to it).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { recordOf } from '../kit/answers';
import { cerboRequest } from '../connectors/cerbo/src/client';
import { Patient } from '../connectors/cerbo/src/schemas';
import { serebroRequest } from '../connectors/serebro/src/client';
import { Contact } from '../connectors/serebro/src/schemas';
import { sergioRequest } from '../connectors/sergio/src/client';
import { Customer } from '../connectors/sergio/src/schemas';

declare const z: ZObject;
declare const bundle: Bundle;

export async function withoutShape() {
  const serebro = await serebroRequest(z, bundle, { method: 'DELETE', path: '/webhooks/wh_1', location: 'loc_1' });
  const sergio = await sergioRequest(z, bundle, { method: 'DELETE', path: '/subscriptions/sub_1' });
  const cerbo = await cerboRequest(z, bundle, { method: 'DELETE', path: '/patients/pt_1' });
  const results: [undefined, undefined, undefined] = [serebro, sergio, cerbo];

  // @ts-expect-error: without a shape there is no answer to read
  void serebro.id;
  // @ts-expect-error: without a shape there is no answer to read
  void sergio.id;
  // @ts-expect-error: without a shape there is no answer to read
  void cerbo.id;

  // @ts-expect-error: a result type cannot be asked for without the shape that checks it
  await serebroRequest<Contact>(z, bundle, { path: '/contacts/c_1', location: 'loc_1' });
  // @ts-expect-error: a result type cannot be asked for without the shape that checks it
  await sergioRequest<Customer>(z, bundle, { path: '/customers/cus_1' });
  // @ts-expect-error: a result type cannot be asked for without the shape that checks it
  await cerboRequest<Patient>(z, bundle, { path: '/patients/pt_1' });
  return results;
}

export async function withShape() {
  const contact: Contact = await serebroRequest(z, bundle, { path: '/contacts/c_1', location: 'loc_1', shape: recordOf(Contact) });
  const customer: Customer = await sergioRequest(z, bundle, { path: '/customers/cus_1', shape: recordOf(Customer) });
  const patient: Patient = await cerboRequest(z, bundle, { path: '/patients/pt_1', shape: recordOf(Patient), notFound: 'No such patient' });

  const gone = await serebroRequest(z, bundle, { path: '/contacts/c_1', location: 'loc_1', shape: recordOf(Contact), acceptStatuses: [404] });
  // @ts-expect-error: an accepted status (the contact gone) gives undefined
  void gone.id;
  return [contact.email, customer.email, patient.email1, gone?.id];
}
