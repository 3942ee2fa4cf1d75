import type { FastifyInstance } from 'fastify';
import { page } from '../validate';
import { auth, type Query, type V2 } from '../v2';

/** The connection itself: `GET /me` (auth test and connection label) and `GET /locations`. */
export function registerAccount(scope: FastifyInstance, { store }: V2): void {
  scope.get('/me', async (request) => {
    const token = auth(request);
    const location = token.locationId ? store.location(token.locationId) : undefined;
    return {
      user: store.user,
      user_type: token.userType,
      location: location ? { id: location.id, name: location.name } : null,
      company: store.company,
      scopes: token.scopes,
    };
  });

  scope.get('/locations', async (request) => {
    const token = auth(request);
    const visible = store.locations.filter((l) => (token.locationId ? l.id === token.locationId : l.companyId === token.companyId));
    return page(visible, request.query as Query);
  });
}
