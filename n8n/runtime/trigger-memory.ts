/**
 * What a trigger node remembers between runs, in its workflow's static data (`getWorkflowStaticData('node')`,
 * which n8n saves with the workflow as JSON): the deliveries a webhook trigger has taken, and the records a
 * polling trigger has seen. Both are bounded, so that a workflow that runs for years keeps a small record.
 * n8n does not dedupe for a node as Zapier does; this is where a trigger node does.
 */
import type { IDataObject } from 'n8n-workflow';

/** Delivery keys kept at most (each for its time, a day: the kit's DELIVERY_MEMORY_SECONDS); the oldest go first. */
export const DELIVERIES_KEPT = 1000;

/** Record ids a polling trigger keeps at most, the oldest dropped first: ten times the newest 100 a poll reads. */
export const RECORDS_KEPT = 1000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The deliveries a webhook trigger has taken, by the kit's key (the subscription and the signed event id),
 * each with the time it is forgotten. What the kit's `firstDelivery` asks of `z.cache` (set if absent) is
 * answered here. A key offered during a delivery is kept only when the delivery gave its items
 * (`commit`): a delivery that failed half-way is taken when the sender tries again.
 */
export class DeliveryMemory {
  private readonly offered = new Map<string, number>();

  constructor(private readonly staticData: IDataObject) {}

  private kept(): Record<string, number> {
    const kept = this.staticData.deliveries;
    if (!isRecord(kept)) return {};
    return Object.fromEntries(Object.entries(kept).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  }

  /** True the first time `key` is offered while it is not remembered; false for a repeat. */
  offer(key: string, ttlSeconds: number, now = Date.now()): boolean {
    const until = this.kept()[key] ?? this.offered.get(key);
    if (until !== undefined && until > now) return false;
    this.offered.set(key, now + ttlSeconds * 1000);
    return true;
  }

  /** Keeps the keys offered so far, forgetting those whose time is up and the oldest beyond `DELIVERIES_KEPT`. */
  commit(now = Date.now()): void {
    const all = [...Object.entries(this.kept()), ...this.offered].filter(([, until]) => until > now);
    const newest = all.sort((a, b) => a[1] - b[1]).slice(-DELIVERIES_KEPT);
    this.staticData.deliveries = Object.fromEntries(newest);
    this.offered.clear();
  }
}

/**
 * The records a polling trigger has seen, for one set of inputs (`inputs`: the event and its inputs, as
 * text): a poll of other inputs (another event, another provider) starts over, priming again, rather than
 * taking every record of the new list for new.
 */
export class SeenRecords {
  private readonly ids: string[];
  private readonly known: Set<string>;
  /** Whether a poll of these inputs has been made before: the first primes and emits nothing. */
  readonly primed: boolean;

  constructor(
    private readonly staticData: IDataObject,
    private readonly inputs: string,
  ) {
    const polled = staticData.polled;
    const same = isRecord(polled) && polled.inputs === inputs && Array.isArray(polled.ids);
    this.ids = same ? (polled.ids as unknown[]).filter((id): id is string => typeof id === 'string') : [];
    this.known = new Set(this.ids);
    this.primed = same;
  }

  has(id: string): boolean {
    return this.known.has(id);
  }

  /** Remembers `ids` (those not known yet, in the order given), dropping the oldest beyond `RECORDS_KEPT`. */
  remember(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.known.has(id)) continue;
      this.known.add(id);
      this.ids.push(id);
    }
    this.staticData.polled = { inputs: this.inputs, ids: this.ids.slice(-RECORDS_KEPT) };
  }
}
