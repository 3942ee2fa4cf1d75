/**
 * Reading app definitions: the types (types.ts), loading a connector's assembled app and listing its
 * operations and schemas (load.ts), and the untrusting view checkers read (view.ts).
 */
export * from './types';
export * from './load';
export * from './view';
