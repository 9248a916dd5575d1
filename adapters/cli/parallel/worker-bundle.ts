/** The file name of the search worker bundled by `npm run build`, beside worker.js. */
export const WORKER_BUNDLE = 'worker.bundle.mjs';
