import type { IdSource } from '../core/ids';

/**
 * In-memory state of the Cerbo twin: practices by subdomain, each with its own API users (and their
 * permission profiles), staff users, patients, appointment types and appointments. Deterministic
 * from the sandbox seed; dates of the seeded appointments are relative to the start, so that the
 * appointment window the connector asks for always holds some.
 */
export type Permission =
  | 'users.read'
  | 'patients.read'
  | 'patients.write'
  | 'appointments.read'
  | 'appointments.write'
  | 'appointment_types.read';

export const PROFILES = {
  full_access: {
    label: 'Full access',
    permissions: ['users.read', 'patients.read', 'patients.write', 'appointments.read', 'appointments.write', 'appointment_types.read'],
  },
  read_only: {
    label: 'Read only',
    permissions: ['users.read', 'patients.read', 'appointments.read', 'appointment_types.read'],
  },
  scheduling_only: {
    label: 'Scheduling only',
    permissions: ['users.read', 'patients.read', 'appointments.read', 'appointments.write', 'appointment_types.read'],
  },
} as const satisfies Record<string, { label: string; permissions: Permission[] }>;

export type ProfileName = keyof typeof PROFILES;

export interface ApiUser {
  nickname: string;
  username: string;
  password: string;
  profile: ProfileName;
}

export interface StaffUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  is_provider: boolean;
  active: boolean;
}

export interface Patient {
  id: string;
  first_name: string;
  last_name: string;
  dob: string;
  sex: 'M' | 'F' | '?';
  email1: string | null;
  phone_mobile: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  patient_status_description: string;
  created: string;
  updated: string;
}

export interface AppointmentType {
  id: string;
  name: string;
  duration_minutes: number;
}

/** What the API returns; `start_date_time`/`end_date_time` ISO-8601 with the practice's offset. */
export interface Appointment {
  id: string;
  start_date_time: string;
  end_date_time: string;
  appointment_type: string;
  appointment_status: string;
  associated_providers: Array<{ id: string; name: string }>;
  patient_details: { id: string; first_name: string; last_name: string };
  title: string | null;
  created: string;
}

/** Stored appointment: wall-clock times in the practice's zone, as Cerbo takes them. */
export interface StoredAppointment {
  id: string;
  start: string;
  end: string;
  appointment_type: string;
  appointment_status: string;
  provider_ids: string[];
  pt_id: string;
  title: string | null;
  appointment_note: string | null;
  created: string;
}

export interface Practice {
  subdomain: string;
  name: string;
  timeZone: string;
  apiUsers: ApiUser[];
  staff: StaffUser[];
  patients: Patient[];
  appointmentTypes: AppointmentType[];
  appointments: StoredAppointment[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD HH:MM` wall-clock time in `timeZone` of an instant. */
// Cerbo's connector has the same function (connectors/cerbo/src/dates.ts): the sandbox stands for the service and shares no code with it.
export function wallClock(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The UTC offset of `timeZone` at the wall-clock time `local` (`YYYY-MM-DD HH:MM`), as `-05:00`. */
export function offsetAt(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local.replace(' ', 'T')}:00Z`);
  let instant = asUtc;
  // Two passes settle the offset except in a DST gap, where the later offset is used.
  for (let i = 0; i < 2; i += 1) {
    const seen = Date.parse(`${wallClock(instant, timeZone).replace(' ', 'T')}:00Z`);
    instant = asUtc - (seen - instant);
  }
  const minutes = Math.round((asUtc - instant) / 60000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function isoWithOffset(local: string, timeZone: string): string {
  return `${local.replace(' ', 'T')}:00${offsetAt(local, timeZone)}`;
}

export class CerboStore {
  readonly practices = new Map<string, Practice>();
  private sequence = 0;

  constructor(
    private readonly ids: IdSource,
    now = Date.now(),
  ) {
    this.seedDemo(now);
    this.seedNorthside(now);
  }

  practice(subdomain: string): Practice | undefined {
    return this.practices.get(subdomain);
  }

  apiUser(practice: Practice, username: string, password: string): ApiUser | undefined {
    return practice.apiUsers.find((user) => user.username === username && user.password === password);
  }

  /** A timestamp that sorts after every earlier one even within the same millisecond. */
  stamp(now = Date.now()): string {
    this.sequence += 1;
    return new Date(now + this.sequence).toISOString();
  }

  addPatient(practice: Practice, fields: Omit<Patient, 'id' | 'created' | 'updated' | 'patient_status_description'>, now = Date.now()): Patient {
    const created = this.stamp(now);
    const patient: Patient = { id: this.ids.next('pt'), ...fields, patient_status_description: 'Active', created, updated: created };
    practice.patients.push(patient);
    return patient;
  }

  updatePatient(patient: Patient, changes: Partial<Patient>): Patient {
    Object.assign(patient, changes, { updated: this.stamp() });
    return patient;
  }

  addAppointment(practice: Practice, fields: Omit<StoredAppointment, 'id' | 'created'>, now = Date.now()): StoredAppointment {
    const appointment: StoredAppointment = { id: this.ids.next('appt'), ...fields, created: this.stamp(now) };
    practice.appointments.push(appointment);
    return appointment;
  }

  /** An appointment as the API shows it. */
  render(practice: Practice, appointment: StoredAppointment): Appointment {
    const patient = practice.patients.find((p) => p.id === appointment.pt_id);
    return {
      id: appointment.id,
      start_date_time: isoWithOffset(appointment.start, practice.timeZone),
      end_date_time: isoWithOffset(appointment.end, practice.timeZone),
      appointment_type: appointment.appointment_type,
      appointment_status: appointment.appointment_status,
      associated_providers: appointment.provider_ids.map((id) => {
        const staff = practice.staff.find((s) => s.id === id);
        return { id, name: staff ? `${staff.first_name} ${staff.last_name}` : '' };
      }),
      patient_details: { id: appointment.pt_id, first_name: patient?.first_name ?? '', last_name: patient?.last_name ?? '' },
      title: appointment.title,
      created: appointment.created,
    };
  }

  private newPractice(subdomain: string, name: string, timeZone: string): Practice {
    const practice: Practice = { subdomain, name, timeZone, apiUsers: [], staff: [], patients: [], appointmentTypes: [], appointments: [] };
    this.practices.set(subdomain, practice);
    return practice;
  }

  private apiUserFor(practice: Practice, nickname: string, username: string, profile: ProfileName): ApiUser {
    const user = { nickname, username, password: `sk_${this.ids.secret(`cerbo:${practice.subdomain}:${username}`, 40)}`, profile };
    practice.apiUsers.push(user);
    return user;
  }

  private staffUser(practice: Practice, first: string, last: string, isProvider: boolean, active = true): StaffUser {
    const user = {
      id: this.ids.next('usr'),
      first_name: first,
      last_name: last,
      email: `${first}.${last}@${practice.subdomain}.example.com`.toLowerCase(),
      is_provider: isProvider,
      active,
    };
    practice.staff.push(user);
    return user;
  }

  private seedDemo(now: number): void {
    const practice = this.newPractice('demo', 'Demo Family Practice', 'America/New_York');
    this.apiUserFor(practice, 'Zapier integration', 'pk_zapier_demo', 'full_access');
    this.apiUserFor(practice, 'Scheduling integration', 'pk_scheduling_demo', 'scheduling_only');
    this.apiUserFor(practice, 'Reporting', 'pk_reporting_demo', 'read_only');
    const lopez = this.staffUser(practice, 'Ana', 'Lopez', true);
    const okafor = this.staffUser(practice, 'Ben', 'Okafor', true);
    this.staffUser(practice, 'Carla', 'Reyes', false);
    this.staffUser(practice, 'Dana', 'Whitfield', true, false);
    for (const [name, minutes] of [
      ['New Patient Visit', 60],
      ['Follow-up', 30],
      ['Telehealth', 20],
    ] as const) {
      practice.appointmentTypes.push({ id: this.ids.next('apt_type'), name, duration_minutes: minutes });
    }
    const seeded = [
      ['Maria', 'Garcia', '1978-04-12', 'F', 'maria.garcia@example.com', '+15555550101'],
      ['James', 'Chen', '1990-11-30', 'M', 'james.chen@example.com', '+15555550102'],
      ['Priya', 'Natarajan', '1985-07-19', 'F', null, '+15555550103'],
    ] as const;
    seeded.forEach(([first, last, dob, sex, email, phone], index) => {
      this.addPatient(
        practice,
        { first_name: first, last_name: last, dob, sex, email1: email, phone_mobile: phone, address1: null, city: null, state: null, zip: null },
        now - (10 - index) * DAY_MS,
      );
    });
    const [garcia, chen] = practice.patients;
    const inDays = (days: number, time: string) => `${wallClock(now + days * DAY_MS, practice.timeZone).slice(0, 10)} ${time}`;
    this.addAppointment(
      practice,
      {
        start: inDays(2, '09:00'),
        end: inDays(2, '10:00'),
        appointment_type: 'New Patient Visit',
        appointment_status: 'Scheduled',
        provider_ids: [lopez.id],
        pt_id: garcia.id,
        title: 'Initial consultation',
        appointment_note: null,
      },
      now - 5 * DAY_MS,
    );
    this.addAppointment(
      practice,
      {
        start: inDays(7, '14:30'),
        end: inDays(7, '15:00'),
        appointment_type: 'Follow-up',
        appointment_status: 'Scheduled',
        provider_ids: [okafor.id],
        pt_id: chen.id,
        title: null,
        appointment_note: null,
      },
      now - 3 * DAY_MS,
    );
  }

  /** A second practice, so that one practice's credentials are refused by another. */
  private seedNorthside(now: number): void {
    const practice = this.newPractice('northside-clinic', 'Northside Clinic', 'America/Chicago');
    this.apiUserFor(practice, 'Zapier integration', 'pk_zapier_northside', 'full_access');
    this.staffUser(practice, 'Evan', 'Moore', true);
    practice.appointmentTypes.push({ id: this.ids.next('apt_type'), name: 'Annual Physical', duration_minutes: 45 });
    this.addPatient(
      practice,
      { first_name: 'Olivia', last_name: 'Brown', dob: '1969-02-03', sex: 'F', email1: null, phone_mobile: null, address1: null, city: null, state: null, zip: null },
      now - 20 * DAY_MS,
    );
  }
}
