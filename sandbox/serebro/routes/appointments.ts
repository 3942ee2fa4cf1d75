import type { FastifyInstance } from 'fastify';
import { ApiError, invalid } from '../../core/errors';
import type { Appointment } from '../store';
import { asBody, newestFirst, oneOf, optionalString, optionalTimestamp, requiredString, requiredTimestamp } from '../validate';
import { inLocation, now, requireScope, type V2 } from '../v2';

const APPOINTMENT_STATUSES: readonly Appointment['status'][] = ['booked', 'canceled', 'completed'];

/**
 * What can be booked (services, staff) and appointments (docs/apis.md §1.3): a taken slot is 409,
 * cancelling is `DELETE`; `appointment.booked`, `appointment.canceled`.
 */
export function registerAppointments(scope: FastifyInstance, { store, context, locationOf, emit, list }: V2): void {
  list('/services', 'appointments:read', () => store.services);
  list('/staff', 'appointments:read', () => store.staff);

  list('/appointments', 'appointments:read', () => store.appointments, (items, q) => {
    const startAfter = optionalTimestamp(q, 'startAfter');
    const startBefore = optionalTimestamp(q, 'startBefore');
    const status = oneOf(q, 'status', APPOINTMENT_STATUSES);
    const matches = items.filter(
      (a) =>
        (!q.serviceId || a.serviceId === q.serviceId) &&
        (!q.staffId || a.staffId === q.staffId) &&
        (!status || a.status === status) &&
        (!startAfter || Date.parse(a.startTime) > Date.parse(startAfter)) &&
        (!startBefore || Date.parse(a.startTime) < Date.parse(startBefore)),
    );
    return newestFirst(matches);
  });

  scope.get<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    requireScope(request, 'appointments:read');
    return inLocation(store.appointments, request.params.id, locationOf(request), 'Appointment');
  });

  scope.post('/appointments', async (request, reply) => {
    requireScope(request, 'appointments:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const contactId = requiredString(body, 'contactId');
    const serviceId = requiredString(body, 'serviceId');
    const staffId = requiredString(body, 'staffId');
    const startTime = requiredTimestamp(body, 'startTime');
    const endTime = requiredTimestamp(body, 'endTime');
    const title = optionalString(body, 'title', 200);
    const notes = optionalString(body, 'notes', 5000);
    if (Date.parse(endTime) <= Date.parse(startTime)) throw invalid('endTime', 'must be after startTime');
    if (!store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    const service = store.services.find((s) => s.id === serviceId && s.locationId === locationId);
    if (!service) throw invalid('serviceId', `does not name a service of this Location (${serviceId})`);
    if (!store.staff.some((s) => s.id === staffId && s.locationId === locationId)) {
      throw invalid('staffId', `does not name a staff member of this Location (${staffId})`);
    }
    const [start, end] = [Date.parse(startTime), Date.parse(endTime)];
    const clash = store.appointments.find(
      (a) => a.staffId === staffId && a.status === 'booked' && Date.parse(a.startTime) < end && start < Date.parse(a.endTime),
    );
    if (clash) {
      throw new ApiError(409, 'slot_unavailable', 'The staff member is already booked at that time', {
        appointmentId: clash.id,
      });
    }
    const stamp = now();
    const appointment: Appointment = {
      id: context.ids.next('apt'),
      locationId,
      contactId,
      serviceId,
      staffId,
      title: title ?? service.name,
      notes: notes ?? null,
      status: 'booked',
      startTime,
      endTime,
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.appointments.push(appointment);
    emit(locationId, 'appointment.booked', appointment);
    return reply.code(201).send(appointment);
  });

  scope.delete<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    requireScope(request, 'appointments:write');
    const locationId = locationOf(request);
    const appointment = inLocation(store.appointments, request.params.id, locationId, 'Appointment');
    if (appointment.status === 'canceled') {
      throw new ApiError(409, 'already_canceled', `Appointment ${appointment.id} is already canceled`);
    }
    appointment.status = 'canceled';
    appointment.updatedAt = now();
    emit(locationId, 'appointment.canceled', appointment);
    return appointment;
  });
}
