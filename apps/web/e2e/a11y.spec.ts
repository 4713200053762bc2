import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

const STORY = '/s/the-lighthouse-ledger';
const PAGES: [string, string][] = [
  ['home', '/'],
  ['browse', '/browse'],
  ['browse filtered', '/browse?tag=freeform:Lighthouses&character=Mark'],
  ['search', '/browse?q=ledger'],
  ['story', STORY],
  ['chapter', `${STORY}/1`],
  ['chapter following a POV', `${STORY}/2?pov=Lexie`],
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
