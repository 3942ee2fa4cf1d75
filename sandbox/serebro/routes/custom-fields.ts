import type { FastifyInstance } from 'fastify';
import { invalid } from '../../core/errors';
import { oneOf, page } from '../validate';
import { requireScope, type Query, type V2 } from '../v2';

/** The Location's custom fields of one model (docs/apis.md §1.3a), read with that model's scope. */
export function registerCustomFields(scope: FastifyInstance, { store, locationOf }: V2): void {
  scope.get('/custom-fields', async (request) => {
    const q = request.query as Query;
    const model = oneOf(q, 'model', ['contact', 'opportunity'] as const);
    if (!model) throw invalid('model', 'is required: contact or opportunity');
    requireScope(request, model === 'contact' ? 'contacts:read' : 'opportunities:read');
    const fields = store.customFieldsOf(locationOf(request), model);
    return page(
      fields.map(({ locationId: _location, ...field }) => field),
      q,
    );
  });
}
