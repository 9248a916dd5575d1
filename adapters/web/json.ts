/** JSON for the page: LSNs are bigints in the core and decimal strings at every edge. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString(10) : v));
