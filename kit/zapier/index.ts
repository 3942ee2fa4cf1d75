/** What is Zapier's own in the kit: assembling a connector's Zapier app (request hooks, guard, flags). */
export { appFrom } from './app';
