// Edits not yet saved, kept while the user moves between pages so that nothing typed is lost.
import type { Unit } from './bindings/Unit';

export const drafts = $state<{ unit: Unit | null }>({ unit: null });
