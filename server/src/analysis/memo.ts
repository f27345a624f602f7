// Names for the values the analysis derives from a whole file once per model and keeps on it
// (`DockerfileModel.memo`). A module of its own, without imports, so that modules the model
// itself imports can name their values too.

/** A name for one kind of value a model keeps. */
export interface MemoKey<T> {
  readonly name: string;
  /** Never set: ties the key to the type of its value. */
  readonly valueType?: T;
}

export function memoKey<T>(name: string): MemoKey<T> {
  return { name };
}
