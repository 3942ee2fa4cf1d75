/**
 * The cases the fuzzer runs (test/fuzz/fuzz.ts), drawn from a seed: a target, its input (plausible or
 * hostile, test/reliability/hostile.ts), the answer given and to which request, the Serebro connection's
 * variant, and sometimes a credential spoilt with characters a header cannot carry.
 */
import fc from 'fast-check';
import { type ServiceName } from '../reliability/connectors';
import { caseArbitrary, plausible } from '../reliability/hostile';
import { ANSWERS, type AnswerKind } from './answers';
import { type Target } from './targets';

export interface FuzzCase {
  target: Target;
  inputData: Record<string, unknown>;
  answer: AnswerKind;
  /** Which request of the run gets the answer (the first, second or third). */
  position: number;
  /** Serebro connections are made for a Location or for the whole Agency (Company). */
  variant: 'Location' | 'Company';
  /** A credential of the connection spoilt with characters a header cannot carry, or none. */
  credential?: SpoiltCredential;
}

/** A credential with text inserted in its middle; `control` when the text holds a control character. */
export interface SpoiltCredential {
  key: string;
  name: string;
  text: string;
  control: boolean;
}

/** The credentials each connector sends with its requests, by authData key. */
const SENT_CREDENTIALS: Record<ServiceName, string[]> = { serebro: ['access_token'], sergio: ['api_key'], cerbo: ['username', 'password'] };

const SPOILERS = [
  { name: 'a CR/LF', text: '\r\nX-Injected: 1', control: true },
  { name: 'a NUL', text: '\u0000', control: true },
  { name: 'an emoji', text: '😀', control: false },
  { name: '"€"', text: '€', control: false },
];

/**
 * Whether a spoilt credential cannot be sent at all: any header credential, and Basic's user or password
 * only with a control character (Zapier sends the rest as UTF-8 in base64).
 */
export const unsendable = (service: ServiceName, credential: SpoiltCredential) => credential.control || service !== 'cerbo';

export function caseArbitraryFor(targets: Target[]): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...targets).chain((target) => {
    const fields = target.fields.filter((field) => !field.computed);
    const plausibleInput = fc.record(Object.fromEntries(fields.map((field) => [field.key, plausible(field)]))) as fc.Arbitrary<Record<string, unknown>>;
    const input = fc.oneof(plausibleInput, caseArbitrary(fields).map((testCase) => testCase.inputData));
    return fc.record({
      target: fc.constant(target),
      inputData: input,
      // Good answers a third of the time: odd ones are the point, but success paths must run too.
      answer: fc.oneof({ weight: 1, arbitrary: fc.constant(ANSWERS[0]) }, { weight: 2, arbitrary: fc.constantFrom(...ANSWERS.slice(1)) }),
      // Mostly the first request (every operation makes one), sometimes a later one (a create's write after its lookup).
      position: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
      variant: fc.constantFrom<'Location' | 'Company'>('Location', 'Company'),
      // Mostly the connection as it is; one run in six with a credential that cannot be sent.
      credential: fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc
            .record({ key: fc.constantFrom(...SENT_CREDENTIALS[target.service]), spoiler: fc.constantFrom(...SPOILERS) })
            .map(({ key, spoiler }): SpoiltCredential => ({ key, name: spoiler.name, text: spoiler.text, control: spoiler.control })),
        },
      ),
    });
  });
}
