// The shared input schemas live in inputs/common.ts, beside the other input files the web app's
// forms import (@margins/api/inputs); the routers keep importing them from here.
export * from '../inputs/common';
