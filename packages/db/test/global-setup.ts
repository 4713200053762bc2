import { migrateSharedTestDatabase } from '../src/testing';

export default async function setup() {
  await migrateSharedTestDatabase();
}
