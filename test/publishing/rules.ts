/**
 * Transitional: the publishing rules live in scripts/publishing/rules.ts. Only
 * connectors/sergio/test/definition.test.ts still imports them from here; once it imports
 * '../../../scripts/publishing/rules', delete this file.
 */
export { runRules } from '../../scripts/publishing/rules';
