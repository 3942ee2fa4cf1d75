import type * as core from 'zapier-platform-core';

/**
 * The `define…` helpers operation files are written with. Zapier's own are identity functions that only
 * give TypeScript the definition's exact type; these are the same, typed with core's declarations, so that
 * an operation module imports nothing of zapier-platform-core at run time. Core is licensed for running apps
 * on Zapier only: the n8n packages bundle these modules, and must not carry any of it.
 */
const asDeclared = <T>(definition: T): T => definition;

export const defineInputField = asDeclared as typeof core.defineInputField;
export const defineInputFields = asDeclared as typeof core.defineInputFields;
export const defineTrigger = asDeclared as typeof core.defineTrigger;
export const defineCreate = asDeclared as typeof core.defineCreate;
export const defineSearch = asDeclared as typeof core.defineSearch;
