import { SERVICE_NAMES, type ConnectorName } from '../connectors';
import { KIND_NOUN, type ActionDefinition, type AppDefinition, type OperationKind } from '../definition';

export interface InvokeBundle {
  authData?: Record<string, unknown>;
  inputData?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  targetUrl?: string;
  subscribeData?: Record<string, unknown>;
  rawRequest?: { method: string; querystring: string; headers: Record<string, string>; content: string };
  cleanedRequest?: unknown;
}

type Handler = (event: Record<string, unknown>) => Promise<{ results: unknown }>;

// The handler Zapier's Lambda runs (and createAppTester wraps); its typings do not declare it.
const { createAppHandler } = require('zapier-platform-core') as { createAppHandler: (app: object) => Handler };

/**
 * Runs one connector's methods the way Zapier's runtime does: through the app handler
 * (`createAppHandler`, which `createAppTester` wraps), by method path, with a per-connection
 * `z.cache` and a per-method `z.cursor` store. createAppTester itself gives no cursor store, so a
 * paginated dropdown could not keep its cursor between pages.
 */
export class ConnectorRuntime {
  readonly name: ConnectorName;
  readonly app: AppDefinition;
  private readonly handler: Handler;
  private readonly cache: Record<string, unknown> = {};
  private readonly cursors: Record<string, unknown> = {};

  constructor(name: ConnectorName, app: AppDefinition) {
    this.name = name;
    this.app = app;
    this.handler = createAppHandler(app);
  }

  get service(): string {
    return SERVICE_NAMES[this.name];
  }

  action(type: OperationKind, key: string): ActionDefinition {
    const action = this.app[type]?.[key];
    if (!action) {
      throw new Error(`${this.service} has no ${KIND_NOUN[type]} "${key}".`);
    }
    return action;
  }

  async invoke<T = unknown>(method: string, bundle: InvokeBundle): Promise<T> {
    // The handler wraps global fetch with its request logger on every call; keep the original.
    const fetchBefore = globalThis.fetch;
    try {
      const response = await this.handler({
        command: 'execute',
        method,
        bundle: { inputData: {}, authData: {}, meta: {}, ...bundle },
        storeKey: `${this.name}:${method}`,
        // As `zapier-platform invoke` runs locally: no Lambda memory line on stdout, requests still logged.
        calledFromCli: true,
        calledFromCliInvoke: true,
        zcacheTestObj: this.cache,
        cursorTestObj: this.cursors,
      });
      return response.results as T;
    } finally {
      globalThis.fetch = fetchBefore;
    }
  }
}
