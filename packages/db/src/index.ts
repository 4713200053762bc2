export { openDatabase, databaseConfig, postgresConfig } from './connection';
export type { Database, DatabaseConfig } from './connection';
export type { PoolStats, QueryObserver } from './observe';
export * from './generated/prisma/client';
export { newId } from './ids';
export type { PubSub, Unsubscribe } from './pubsub';
export { readsMayBeStale, type ReplicaOptions } from './replicas';
export { BackupError, backupPglite, restorePglite } from './backup';
