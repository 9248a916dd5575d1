import { toJSON } from '../../core/model/json.js';

/** JSON for the page: LSNs are bigints in the core and decimal strings at every edge. */
export const toJson = (value: unknown): string => toJSON(value);
