// Whether this instance is draining: set by the server entry at SIGTERM (scripts/drain.js), read
// through the global object because the entry and the app's bundle each have their own copy of
// any module they share.
import { isDraining as draining } from '../../../../scripts/drain.js';

export const isDraining = (): boolean => draining();
