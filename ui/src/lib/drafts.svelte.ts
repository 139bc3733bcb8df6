// Edits not yet saved, kept while the user moves between pages so that nothing typed is lost.
import type { AgendaItem } from './bindings/AgendaItem';
import type { Congress } from './bindings/Congress';
import type { Motion } from './bindings/Motion';
import type { Unit } from './bindings/Unit';

/** Per congress: the agenda item and the show-of-hands vote being typed. */
type CongressDrafts = { item: AgendaItem; motion: Motion };

/** The congress's details as typed (dates and shares as text), by congress id (0: a new one). */
type CongressForm = Omit<Congress, 'held_on' | 'quorum' | 'motion_share'> & { held_on: string; quorum: string; motion_share: string };

export const drafts = $state<{
  unit: Unit | null;
  congress: Record<number, CongressDrafts>;
  congressInfo: Record<number, CongressForm | undefined>;
}>({ unit: null, congress: {}, congressInfo: {} });
