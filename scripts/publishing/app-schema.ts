/**
 * What Zapier's app schema (the `zapier-platform-schema` package, which `npm run validate` runs through
 * Zapier's CLI) requires of every definition, decided here too so that the publishing report names it
 * beside the listing checks: every trigger, action and search has a noun and a display label and
 * description (G-DISPLAY), and `version` and `platformVersion` are versions (G-SEMVER). Both differ from
 * the schema where it matters to the reader of a report: G-DISPLAY asks hidden operations for a label
 * and description too, which the schema lets them leave out; G-SEMVER accepts any semantic version
 * (https://semver.org), of which the schema allows a narrower set (at most three digits a part, no
 * dots in a pre-release label).
 */
import { at, defineRule, type Violation } from './rule';

const SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const displayPresent = defineRule(
  'G-DISPLAY',
  'Every operation has a noun, a label and a description',
  (view) => view.operations,
  (op) => {
    const problems: Violation[] = [];
    const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';
    if (!nonEmpty(op.definition.noun)) problems.push(at(`${op.path}.noun`, 'noun is empty'));
    if (!nonEmpty(op.display.label)) problems.push(at(`${op.path}.display.label`, 'label is empty'));
    if (!nonEmpty(op.display.description)) problems.push(at(`${op.path}.display.description`, 'description is empty'));
    return problems;
  },
);

export const semver = defineRule(
  'G-SEMVER',
  'version and platformVersion are semantic versions',
  () => [{ path: 'version' }, { path: 'platformVersion' }],
  (subject, view) => {
    const value = view.app[subject.path];
    return typeof value === 'string' && SEMVER.test(value) ? [] : [at(subject.path, `${subject.path} "${String(value)}" is not x.y.z`)];
  },
);
