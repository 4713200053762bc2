import { migrateSharedTestDatabase } from '@margins/db/test';

export default async function setup() {
  await migrateSharedTestDatabase();
}
