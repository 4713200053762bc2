// Input schemas, pure (zod and story-meta only): the routers validate with them and the web app's
// forms parse with them (`@margins/api/inputs`), so each limit and its message exist once.
export * from './common';
export * from './story';
export * from './series';
export * from './profile';
export * from './account';
