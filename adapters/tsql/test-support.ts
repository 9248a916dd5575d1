/**
 * Most published scripts add databases without showing their recovery model or a full backup
 * first, so they draw that warning (database-prerequisites.ts); tests of another rule leave it
 * aside with this filter, and published-database-prerequisites.test.ts tests it.
 */
export const besidesPrerequisites = (w: { readonly text: string } | string): boolean =>
  !(typeof w === 'string' ? w : w.text).includes('Availability database prerequisites');
