/** The file names of the workers bundled by `npm run build`, each beside its module. */
export const WORKER_BUNDLE = 'worker.bundle.mjs';
export const FLEET_WORKER_BUNDLE = 'fleet-worker.bundle.mjs';
