/**
 * What serebro.test.ts, sergio.test.ts and cerbo.test.ts share. Each file checks what the README promises
 * under "Running one connector against the sandbox with `zapier-platform invoke`" for one connector: Zapier's
 * CLI, in a checkout of the connector whose `.env` holds the lines `npm run sandbox` prints, runs `auth test`
 * and every polling trigger (hidden dropdown triggers included), create and search against the sandbox.
 * The cases chain inputs from what earlier invocations printed, as a developer copies an id from one
 * command into the next. The last test of each file takes the operation list from the assembled app:
 * whatever no case invoked runs with inputs derived from its fields (inputs.ts), and an operation that
 * cannot be derived fails, saying how to add its case. REST-hook triggers are the CLI's documented exception.
 *
 * The three files are independent (each starts its own sandbox on a free port and checks out its connector
 * in its own temporary folder), so Jest's two workers run them side by side.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { SERVICE_NAMES, type ConnectorName } from '../../scripts/connectors';
import { loadApp, operationSchemas, operationsOf, type OperationKind } from '../../scripts/definition';
import { ConnectorCli } from './cli';
import { genericInputs, type Pick } from './inputs';

const CLI_WORD: Record<OperationKind, string> = { triggers: 'trigger', creates: 'create', searches: 'search' };

/** A step waits for at most four CLI runs in a row (two at a time), each killed after 60 s. */
export const STEP_MS = 300_000;

/** Names and emails of this run: creates return the record an identical earlier run made. */
export const RUN = Date.now().toString(36);
/** A week ahead, so that bookings are never in the past. */
export const BOOKING_DAY = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export const authDataLines = (authData: Record<string, string>) =>
  Object.fromEntries(Object.entries(authData).map(([key, value]) => [`authData_${key}`, value]));

/** One connector checked out against its own sandbox; set by the `beforeAll` of `checkoutAgainstSandbox`. */
export interface Checkout {
  sandbox: Sandbox;
  cli: ConnectorCli;
  /** The connection's auth data, as its `.env` holds it (authData_* lines). */
  authData: Record<string, string>;
}

/**
 * Starts a sandbox (consent approved at once) and checks out connector `name` with `.env` = the sandbox's
 * lines for it plus `connect(sandbox)` as authData_* lines; removes both after the enclosing describe.
 */
export function checkoutAgainstSandbox(name: ConnectorName, connect: (sandbox: Sandbox) => Promise<Record<string, string>>): Checkout {
  const checkout = {} as Checkout;

  beforeAll(async () => {
    checkout.sandbox = await startSandbox({ autoApprove: true });
    checkout.authData = await connect(checkout.sandbox);
    checkout.cli = await ConnectorCli.checkout(
      name,
      { ...checkout.sandbox.services[name].env(checkout.sandbox.url), ...authDataLines(checkout.authData) },
      operationSchemas(name),
    );
  }, 60_000);

  afterAll(async () => {
    checkout.cli?.remove();
    await checkout.sandbox?.close();
  });

  return checkout;
}

/** A dropdown as the editor fills it: the first item the dropdown trigger lists. */
const dropdownOf =
  (checkout: ConnectorCli): Pick =>
  async (dynamic, inputData) => {
    const [trigger, idField] = dynamic.split('.');
    const items = await checkout.invoke<Array<Record<string, unknown>>>(`trigger ${trigger}`, inputData);
    return items[0]?.[idField];
  };

/**
 * The last describe of a connector's file: every operation of the assembled app that no case above
 * invoked runs with derived inputs; at the end everything but the REST-hook triggers has run.
 */
export function everyOtherOperation(name: ConnectorName, getCli: () => ConnectorCli): void {
  describe('every other operation of the assembled app', () => {
    it.each([name])(
      '%s: what no case above invoked runs with inputs derived from its fields; only the REST-hook triggers are left out',
      async () => {
        const checkout = getCli();
        const invokable = operationsOf(loadApp(name)).filter((op) => !(op.kind === 'triggers' && op.definition.operation.type === 'hook'));
        const problems: string[] = [];
        for (const op of invokable) {
          const command = `${CLI_WORD[op.kind]} ${op.key}`;
          if (checkout.invoked.has(command)) continue;
          const howToAdd =
            `add a case for it to the ${SERVICE_NAMES[name]} describe of test/invoke/${name}.test.ts ` +
            `(\`await ${name}.cli.invoke('${command}', { …inputData })\`, then assert what it returns)`;
          // Required inputs first; when the connector refuses those alone (a search or an update wants
          // at least one of several optional fields), once more with the optional ones filled too.
          let failure = '';
          for (const optional of [false, true]) {
            const derived = await genericInputs(op.definition, dropdownOf(checkout), { optional });
            if (!derived.ok) {
              failure = `${command}: ${derived.why}; ${howToAdd}`;
              break;
            }
            try {
              await checkout.invoke(command, derived.inputData);
              failure = '';
              break;
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              failure = `${command} with the derived inputs ${JSON.stringify(derived.inputData)} failed; ${howToAdd}.\n${message}`;
            }
          }
          if (failure) problems.push(failure);
        }
        expect(problems).toEqual([]);
        expect([...checkout.invoked].sort()).toEqual(['auth test', ...invokable.map((op) => `${CLI_WORD[op.kind]} ${op.key}`)].sort());
      },
      STEP_MS,
    );
  });
}
