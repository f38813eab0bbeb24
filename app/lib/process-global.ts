// One value per process. The Remix server build (bundled) and server/ (run by tsx) each load
// their own copy of a module, so module-level state would be two states: these keep it on
// globalThis under Symbol.for("desk.<name>").
type Globals = Record<symbol, unknown>;
const slotKey = (name: string) => Symbol.for(`desk.${name}`);

/** The process's `name`, made by `create` on first use. */
export function singleton<T>(name: string, create: () => T): T {
  const globals = globalThis as unknown as Globals;
  const key = slotKey(name);
  if (!(key in globals)) globals[key] = create();
  return globals[key] as T;
}

/** A process-wide slot that is set and cleared (a pool replaced on a new URL, the running pg-boss). */
export function processSlot<T>(name: string): { get(): T | undefined; set(value: T | undefined): void } {
  const globals = globalThis as unknown as Globals;
  const key = slotKey(name);
  return {
    get: () => globals[key] as T | undefined,
    set: (value) => {
      if (value === undefined) delete globals[key];
      else globals[key] = value;
    },
  };
}
