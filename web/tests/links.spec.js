// Links made by earlier builds keep opening: web/tests/fixtures/v1-links.json
// holds `#v1=` links that the release build of commit 2b49e24 made itself
// (Share, and the address it keeps current), with the text, the selection,
// the run and the step each one opened to then. Every later build must open
// them to the same.
const { test, expect } = require("./fixture");
const fixture = require("./fixtures/v1-links.json");

async function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((line) => line.textContent).join("\n"),
  );
}

test("the fixture holds links of every kind of state", () => {
  const links = fixture.links;
  expect(links.length).toBeGreaterThanOrEqual(4);
  for (const entry of links) expect(entry.link).toMatch(/^#v1=[A-Za-z0-9_-]+$/);
  const states = links.map((l) => l.state);
  expect(states.some((s) => s.example !== undefined)).toBe(true);
  expect(states.some((s) => s.item !== undefined)).toBe(true);
  expect(states.some((s) => s.clean_run === true)).toBe(true);
  expect(states.some((s) => s.step > 0)).toBe(true);
});

for (const entry of fixture.links) {
  test(`an old link opens to the same text and step: ${entry.name}`, async ({ page }) => {
    await page.goto("/" + entry.link);
    await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
    expect(await editorText(page)).toBe(entry.code);
    await expect(page.getByRole("alert")).toHaveCount(0);
    // An old link is never a predict link: its findings are shown.
    await expect(page.locator("#predict")).toHaveCount(0);
    if (entry.step !== null) {
      const timeline = page.locator("#timeline");
      await expect(timeline).toHaveAttribute("data-step", String(entry.step));
      await expect(timeline).toHaveAttribute("data-run", entry.run);
      // The same sentence (its backticked code is now shown in code style).
      await expect(page.locator("#step-event")).toHaveText(entry.step_event.replace(/`/g, ""));
    }
    if (entry.selected_item !== null) {
      await expect(page.locator(".findings .finding.selected .finding-label")).toHaveText(entry.selected_item);
    }
  });
}
