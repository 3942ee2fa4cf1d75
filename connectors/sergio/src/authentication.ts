import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { API_KEYS_URL, sergioRequest } from './client';
import type { Me } from './schemas';

const MeAnswer = zm.looseObject({ company: zm.looseObject({ id: zm.string(), name: zm.string() }) });

/** `GET /me`: proves the key works (a revoked one answers 401) and names the company. */
const test = (z: ZObject, bundle: Bundle) => sergioRequest(z, bundle, { path: '/me', shape: MeAnswer });

/** The company the key belongs to: the label that tells two Sergio connections apart (Zapier hands it the test's answer). */
export async function connectionLabel(_z: ZObject, bundle: Bundle<Partial<Me>>): Promise<string> {
  return bundle.inputData.company?.name ?? 'Sergio';
}

export default {
  type: 'custom',
  fields: [
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        'Your Sergio API key: it starts with `sk_live_` (or `sk_test_` for test data). ' +
        `Create one in [Settings › API Keys](${API_KEYS_URL}) in your Sergio dashboard; it is shown only once.`,
    },
  ],
  test,
  connectionLabel,
} satisfies Authentication;
