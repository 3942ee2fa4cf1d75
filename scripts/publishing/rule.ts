/**
 * What a publishing rule is, and the readings of a definition that rules from more than one reference
 * share. Each rule names the definition paths it examined (its subjects), so a report can say how many
 * passed, and returns one violation per problem, with the path to fix.
 */
import { dynamicLiterals, viewOf, type AppView, type FieldView, type OperationView } from '../definition';

export interface Violation {
  path: string;
  message: string;
}

export interface Evaluation {
  /** Subjects examined (fields, operations, …). */
  checked: number;
  /** Subjects with at least one violation. */
  failed: number;
  violations: Violation[];
}

export interface Rule {
  id: string;
  title: string;
  check(app: object): Violation[];
  evaluate(app: object): Evaluation;
}

interface Subject {
  path: string;
}

export function defineRule<S extends Subject>(
  id: string,
  title: string,
  subjects: (view: AppView) => S[],
  inspect: (subject: S, view: AppView) => Violation[],
): Rule {
  const evaluate = (app: object): Evaluation => {
    const view = viewOf(app);
    const list = subjects(view);
    let failed = 0;
    const violations: Violation[] = [];
    for (const subject of list) {
      const found = inspect(subject, view);
      if (found.length > 0) failed += 1;
      violations.push(...found);
    }
    return { checked: list.length, failed, violations };
  };
  return { id, title, evaluate, check: (app) => evaluate(app).violations };
}

export const at = (path: string, message: string): Violation => ({ path, message });

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const allInputFields = (view: AppView): Array<FieldView & { operation: OperationView }> =>
  view.operations.flatMap((operation) => operation.inputFields.map((field) => ({ ...field, operation })));

/** Every `dynamic` reference: on plain fields, and written literally inside function fields. */
export const dynamicReferences = (view: AppView): Array<{ path: string; dynamic: unknown }> => [
  ...allInputFields(view)
    .filter((field) => field.field.dynamic !== undefined)
    .map((field) => ({ path: `${field.path}.dynamic`, dynamic: field.field.dynamic })),
  ...view.operations.flatMap((op) =>
    op.functionInputFields.flatMap((fn) => dynamicLiterals(fn.source).map((dynamic) => ({ path: `${fn.path}(function).dynamic`, dynamic }))),
  ),
];
