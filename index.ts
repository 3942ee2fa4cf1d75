/**
 * Programmatic entry: the three Zapier app definitions and the sandbox.
 *   import { serebro, sergio, cerbo, startSandbox } from 'zapier-connectors';
 */
export { default as serebro } from './connectors/serebro/index';
export { default as sergio } from './connectors/sergio/index';
export { default as cerbo } from './connectors/cerbo/index';
export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox';
