import AxeBuilder from '@axe-core/playwright';
import { expect, logIn, test } from './fixtures';

const STORY = '/s/the-lighthouse-ledger';
const PAGES: [string, string][] = [
  ['home', '/'],
  ['browse', '/browse'],
  ['browse filtered', '/browse?tag=freeform:Lighthouses&character=Mark'],
  ['search', '/browse?q=ledger'],
  ['story', STORY],
  ['chapter', `${STORY}/1`],
  ['chapter following a POV', `${STORY}/2?pov=Lexie`],
  ['entire work', `${STORY}/all`],
  ['one POV across the whole work', `${STORY}/all?pov=Mark`],
  ['adult content question', `${STORY}/adult?next=${encodeURIComponent(`${STORY}/1`)}`],
  ['profile', '/u/demo'],
  ['not found', '/s/no-such-story'],
];

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, path] of PAGES) {
    test(`no serious or critical axe violations: ${name} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      expect(serious, serious.join('\n')).toEqual([]);
    });
  }
}

test('no serious or critical axe violations on a phone-sized chapter', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${STORY}/1`);
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
});

// The chapter page with the comment panel open (side panel on a desktop, bottom sheet on a
// phone), as a visitor and as a logged-in reader (with the comment form).
for (const [who, viewport] of [
  ['visitor', { width: 1280, height: 800 }],
  ['reader', { width: 1280, height: 800 }],
  ['reader on a phone', { width: 390, height: 844 }],
] as const) {
  test(`no serious or critical axe violations: chapter with the comment panel open (${who})`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    if (who !== 'visitor') await logIn(page, 'reader', 'margins-demo-2026');
    await page.goto(`${STORY}/1`);
    // Shown once the page is interactive (the keyboard hint is not shown on a phone).
    await expect(page.getByText('Select words to comment on them')).toBeVisible();
    await page.getByRole('link', { name: '1 comment' }).first().click();
    const panel = page.getByRole('complementary', { name: /Comments on this passage/ });
    await expect(panel).toBeVisible();
    if (who !== 'visitor') await panel.getByRole('button', { name: 'Comment on this passage' }).click();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious, serious.join('\n')).toEqual([]);
  });
}
