/**
 * The shapes answers are checked against before an operation reads them. What every operation relies on
 * is checked (lists are lists, records have ids); the rest of a record is handed on as the API sent it.
 */
import * as zm from 'zod/mini';

/** An answer's shape as zod checks it (`zod/mini` or full zod); it also types what the check lets through. */
export type Shape<T> = zm.ZodMiniType<T>;

/** A record: an object with a string id (other fields are checked where they are used). */
export const record = zm.looseObject({ id: zm.string().check(zm.minLength(1)) });
/** A list of records. */
export const records = zm.array(record);

/**
 * One record of a resource (`recordOf(Contact)`): checked as every `record` is, typed as the resource's
 * schema says. Its other fields are not checked: a check of every field would refuse an answer in which
 * the API adds, drops or widens a field no operation reads (and drop the fields it does not know), and
 * would parse every answer in full on every call.
 */
export function recordOf<T extends { id: string }>(_schema: Shape<T>): Shape<T> {
  // The one place an answer is typed beyond its check, on purpose (above): the schema gives the type only.
  return record as unknown as Shape<T>;
}

/**
 * A shape built from another (a list page around the shape of its items), once for each shape it is built
 * from, on first use: zod builds and then compiles a shape on its first check, which per request would
 * cost more than the check itself.
 */
export function builtOnce<Build extends (item: Shape<never>) => Shape<unknown>>(build: Build): Build {
  const built = new WeakMap<Shape<never>, Shape<unknown>>();
  const once = (item: Shape<never>): Shape<unknown> => {
    let shape = built.get(item);
    if (!shape) {
      shape = build(item);
      built.set(item, shape);
    }
    return shape;
  };
  // `once` gives what `build` gives for the same item, so it is typed as `build` is (generic in the item's type).
  return once as Build;
}
