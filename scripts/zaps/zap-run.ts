import type { ConnectorName } from '../connectors';
import type { DemoContext, StepPlan } from './harness';
import { subscribe, unsubscribe, type Hook } from './steps';

export type Item = Record<string, unknown>;

/**
 * What the Zaps of one `npm start` share: the run's context, a tag that marks the records they create as
 * this run's, and the REST hooks turned on so far, so that a later step finds its trigger's hook
 * and every hook is turned off at the end, whatever happened before.
 */
export class ZapRun {
  readonly tag = Date.now().toString(36).slice(-5);
  private readonly hooks: Hook[] = [];

  constructor(readonly context: DemoContext) {}

  /** Turns a REST-hook trigger on, as a Zap being turned on does, and says so for the transcript. */
  async turnOn(connector: ConnectorName, key: string, inputData: Item = {}): Promise<string> {
    const hook = await subscribe(this.context, connector, key, inputData);
    this.hooks.push(hook);
    return `subscribed (${String(hook.subscribeData.id)}) for ${new URL(hook.targetUrl).pathname}; signing secret kept in subscribeData`;
  }

  /** The hook a trigger was last turned on with. */
  hook(connector: string, key: string): Hook {
    const found = [...this.hooks].reverse().find((h) => h.connector === connector && h.key === key);
    if (!found) throw new Error(`the ${key} trigger was not turned on`);
    return found;
  }

  /** The step that turns off every hook of a connector that is still on. */
  turnOff(connector: 'serebro' | 'sergio'): StepPlan {
    return {
      connector,
      operation: 'Turn off · REST-hook triggers · unsubscribe',
      always: true,
      run: async () => {
        const active = this.hooks.filter((h) => h.connector === connector && h.active);
        const failures: string[] = [];
        for (const h of active) {
          try {
            await unsubscribe(this.context, h);
          } catch (error) {
            failures.push(`${h.key}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        if (failures.length) throw new Error(`could not unsubscribe ${failures.join('; ')}`);
        return active.length ? `unsubscribed ${active.map((h) => h.key).join(', ')}` : 'no hook of this connector was subscribed';
      },
    };
  }
}

/** A time `days` from now at `hour`:00 UTC, free in the sandbox's seeded calendars. */
export const slot = (days: number, hour: number, minutes: number) => {
  const start = new Date(Date.now() + days * 24 * 3600 * 1000);
  start.setUTCHours(hour, 0, 0, 0);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + minutes * 60_000).toISOString() };
};
