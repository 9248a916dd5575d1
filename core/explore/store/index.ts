import { bitstateStore } from './bitstate.js';
import { compactionStore } from './compaction.js';
import { exactStore } from './exact.js';
import type { StoreOptions, VisitedStore } from './types.js';

export type {
  StoreKind,
  StoreOptions,
  StoreReport,
  StoreSides,
  Visit,
  VisitedStore,
} from './types.js';

export const makeStore = (options: StoreOptions = { kind: 'exact' }): VisitedStore => {
  switch (options.kind) {
    case 'exact':
      return exactStore(options.sides === true);
    case 'hashCompaction':
      return compactionStore();
    case 'bitstate':
      return bitstateStore(options.mebibytes, options.hashes, options.seed);
  }
};
