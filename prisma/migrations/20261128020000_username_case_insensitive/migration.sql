-- Usernames are unique regardless of case ("Lexie" and "lexie" are one person), and logging in
-- looks a username up by lower(username): one expression index serves both. Prisma's schema
-- cannot state an expression index, so it lives here only (migrate diff leaves it alone).
--
-- Accounts made before this index could differ only in case (sign-up checked, other paths did
-- not). The oldest keeps the name; each later one gets the first free "<name>_<n>". Logging in
-- by such a name already reached only one of them; by email every account still works.
DO $$
DECLARE
  dup RECORD;
  n INT;
  candidate TEXT;
BEGIN
  FOR dup IN
    SELECT id, username FROM (
      SELECT id, username, row_number() OVER (PARTITION BY lower(username) ORDER BY "createdAt", id) AS rank FROM "User"
    ) ranked WHERE rank > 1 ORDER BY lower(username), rank
  LOOP
    n := 2;
    LOOP
      candidate := left(dup.username, 30 - length(n::text) - 1) || '_' || n;
      EXIT WHEN NOT EXISTS (SELECT 1 FROM "User" WHERE lower(username) = lower(candidate));
      n := n + 1;
    END LOOP;
    UPDATE "User" SET username = candidate WHERE id = dup.id;
  END LOOP;
END $$;

CREATE UNIQUE INDEX "User_username_lower_key" ON "User" (lower("username"));
