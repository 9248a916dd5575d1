/** One JSON document for programs: LSNs are bigints in the core and decimal strings here. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v), 2);
