// Imported by worker-entry.mjs to learn whether this thread can load our TypeScript already: the
// extensionless import is what Node's own type stripping cannot do and tsx can.
export { typescript } from './probe-answer';
