/**
 * A polling trigger node, run by the connector's polling `perform` as on Zapier, with the dedupe Zapier
 * does for a Zap done here (n8n does none): the records seen are kept in the workflow's static data by id
 * (trigger-memory.ts). The first poll of an active workflow primes (records what is there and emits
 * nothing); each later poll emits only records not seen before. A manual run ("Fetch Test Event") shows the
 * most recent record and leaves the memory as it is.
 */
import type { IPollFunctions, INodeExecutionData } from 'n8n-workflow';
import { performOf, recordsOf } from './execute';
import type { Service } from './service';
import { SeenRecords } from './trigger-memory';
import { inputsKeyOf, inStep, startedTriggerStep } from './trigger-step';

/** `poll()`: the records new since the last poll, or null when there are none (n8n then starts no execution). */
export async function pollNewRecords(this: IPollFunctions, service: Service): Promise<INodeExecutionData[][] | null> {
  const step = await startedTriggerStep(this, service);
  const records = await inStep(this, service, step, async () => recordsOf(await performOf(step.event.module)(step.z, step.bundle)));
  // A polling perform answers newest first, as Zapier asks of it.
  if (this.getMode() === 'manual') return records.length ? [[{ json: records[0] }]] : null;

  const seen = new SeenRecords(this.getWorkflowStaticData('node'), inputsKeyOf(step));
  const idOf = (record: (typeof records)[number]) => String(record.id);
  const fresh = seen.primed ? records.filter((record) => !seen.has(idOf(record))) : [];
  // Remembered oldest first, so that the oldest are the first forgotten.
  seen.remember(records.map(idOf).reverse());
  return fresh.length ? [fresh.map((json) => ({ json }))] : null;
}
