/**
 * What a trigger node remembers in its workflow's static data, and its bounds: deliveries taken (set if
 * absent, for a day, the newest 1,000, kept only once a delivery gave its items) and records seen.
 */
import type { IDataObject } from 'n8n-workflow';
import { DELIVERY_MEMORY_SECONDS } from '../../kit/hooks';
import { DeliveryMemory, DELIVERIES_KEPT, RECORDS_KEPT, SeenRecords } from '../runtime/trigger-memory';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('the deliveries a webhook trigger has taken', () => {
  it('takes a key once; a repeat is refused until its day is over', () => {
    const staticData: IDataObject = {};
    const memory = new DeliveryMemory(staticData);
    expect(memory.offer('delivery:sub_1:evt_1', DELIVERY_MEMORY_SECONDS, NOW)).toBe(true);
    expect(memory.offer('delivery:sub_1:evt_1', DELIVERY_MEMORY_SECONDS, NOW)).toBe(false);
    memory.commit(NOW);
    const later = new DeliveryMemory(JSON.parse(JSON.stringify(staticData)) as IDataObject);
    expect(later.offer('delivery:sub_1:evt_1', DELIVERY_MEMORY_SECONDS, NOW + 23 * 3_600_000)).toBe(false);
    expect(later.offer('delivery:sub_1:evt_1', DELIVERY_MEMORY_SECONDS, NOW + 25 * 3_600_000)).toBe(true);
  });

  it('keeps nothing of a delivery that did not give its items (not committed): the sender\'s retry is taken', () => {
    const staticData: IDataObject = {};
    expect(new DeliveryMemory(staticData).offer('delivery:sub_1:evt_2', DELIVERY_MEMORY_SECONDS, NOW)).toBe(true);
    expect(new DeliveryMemory(staticData).offer('delivery:sub_1:evt_2', DELIVERY_MEMORY_SECONDS, NOW)).toBe(true);
    expect(staticData).toEqual({});
  });

  it(`keeps the newest ${DELIVERIES_KEPT}, forgetting the oldest and those whose day is over`, () => {
    const staticData: IDataObject = { deliveries: { expired: NOW - 1 } };
    for (let index = 0; index < DELIVERIES_KEPT + 5; index += 1) {
      const memory = new DeliveryMemory(staticData);
      memory.offer(`delivery:sub_1:evt_${index}`, DELIVERY_MEMORY_SECONDS, NOW + index);
      memory.commit(NOW + index);
    }
    const kept = Object.keys(staticData.deliveries as IDataObject);
    expect(kept).toHaveLength(DELIVERIES_KEPT);
    expect(kept).not.toContain('expired');
    expect(kept).not.toContain('delivery:sub_1:evt_4');
    expect(kept).toContain('delivery:sub_1:evt_5');
    expect(kept).toContain(`delivery:sub_1:evt_${DELIVERIES_KEPT + 4}`);
  });
});

describe('the records a polling trigger has seen', () => {
  it(`primes once per inputs, and keeps the newest ${RECORDS_KEPT} ids`, () => {
    const staticData: IDataObject = {};
    expect(new SeenRecords(staticData, 'a').primed).toBe(false);
    new SeenRecords(staticData, 'a').remember(Array.from({ length: RECORDS_KEPT + 10 }, (_, index) => `p${index}`));
    const seen = new SeenRecords(staticData, 'a');
    expect(seen.primed).toBe(true);
    expect(seen.has('p9')).toBe(false);
    expect(seen.has('p10')).toBe(true);
    expect(new SeenRecords(staticData, 'b').primed).toBe(false);
  });
});
