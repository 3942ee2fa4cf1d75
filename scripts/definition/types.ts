/**
 * The parts of a Zapier app definition that scripts, tests, docs and the bench read. The definitions
 * are plain objects at run time; these types describe what the connectors here put in them.
 */
import type { ThrottleObject } from 'zapier-platform-core';

export type Plain = Record<string, unknown>;

export const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

export const OPERATION_KINDS = ['triggers', 'creates', 'searches'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** What Zapier's UI and `zapier-platform invoke` call each kind: trigger, action (create), search. */
export const KIND_NOUN: Record<OperationKind, string> = { triggers: 'trigger', creates: 'action', searches: 'search' };

export interface FieldDefinition {
  key: string;
  label?: string;
  helpText?: string;
  type?: string;
  required?: boolean;
  list?: boolean;
  dict?: boolean;
  dynamic?: string;
  search?: string;
  choices?: unknown;
  default?: string;
  computed?: boolean;
  primary?: boolean;
  children?: FieldDefinition[];
}

/** An input or output field given as a function: resolved at run time from the bundle. */
export type FieldFunction = (...args: never[]) => unknown;

export interface OperationDefinition {
  type?: string;
  perform?: unknown;
  performList?: unknown;
  performSubscribe?: unknown;
  performUnsubscribe?: unknown;
  inputFields?: Array<FieldDefinition | FieldFunction>;
  outputFields?: Array<FieldDefinition | FieldFunction>;
  sample?: Record<string, unknown>;
  canPaginate?: boolean;
  throttle?: ThrottleObject;
}

/** A trigger, create or search. */
export interface ActionDefinition {
  key: string;
  noun?: string;
  display: { label: string; description: string; hidden?: boolean; important?: boolean };
  operation: OperationDefinition;
}

export interface AuthenticationDefinition {
  type: string;
  fields?: FieldDefinition[];
  test?: unknown;
  connectionLabel?: unknown;
  oauth2Config?: { authorizeUrl?: unknown; getAccessToken?: unknown; refreshAccessToken?: unknown; scope?: string; autoRefresh?: boolean };
}

export interface SearchOrCreateDefinition {
  key: string;
  display: { label: string; description: string };
  search: string;
  create: string;
}

export interface AppDefinition {
  version?: string;
  platformVersion?: string;
  authentication?: AuthenticationDefinition;
  throttle?: ThrottleObject;
  triggers?: Record<string, ActionDefinition>;
  creates?: Record<string, ActionDefinition>;
  searches?: Record<string, ActionDefinition>;
  searchOrCreates?: Record<string, SearchOrCreateDefinition>;
}
