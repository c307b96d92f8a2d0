// Leaking and fixed, side by side (issue 16.5), and the fix's preview that
// names its remedy and says whether it is Safe or Unsafe, and why (issue 13).
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const { SHOTS } = require("./shots");

const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

async function openPreview(page) {
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  const button = page.locator(".leak .fix-button").first();
  const title = (await button.textContent()).replace(/^Fix: /, "");
  await button.click();
  await expect(page.locator(".fix-preview")).toBeVisible();
  return title;
}

test("the diff preview names the remedy, says Safe or Unsafe, and why", async ({ page }) => {
  const title = await openPreview(page);
  const preview = page.locator(".fix-preview");
  await expect(preview.locator(".fix-remedy")).toHaveText(title);
  await expect(preview.locator(".fix-safety-badge")).toHaveText(/^(Safe|Unsafe)$/);
  const safety = await preview.locator(".fix-safety-badge").textContent();
  await expect(preview.locator(".fix-safety")).toContainText(
    safety === "Safe" ? "behaviour is kept" : "behaviour changes",
  );
  await expect(preview.locator(".fix-why")).not.toBeEmpty();
  await expect(preview.locator(".fix-verified")).toContainText("the finding is gone");
});

test("the leaking run and the fixed run play in step, and end differently", async ({ page }) => {
  await openPreview(page);
  await page.locator(".fix-compare").click();
  const compare = page.locator("#compare");
  await expect(compare).toBeVisible();
  const leaking = page.locator("#compare-leaking");
  const fixed = page.locator("#compare-fixed");
  await expect(leaking).toHaveAttribute("data-step", "0");
  await expect(fixed).toHaveAttribute("data-step", "0");
  // One control drives both.
  await page.locator("#compare-forward").click();
  await expect(compare).toHaveAttribute("data-step", "1");
  await expect(leaking).toHaveAttribute("data-step", "1");
  await expect(fixed).toHaveAttribute("data-step", "1");
  // The same schedule: the first steps say the same thing.
  await page.locator("#compare-first").click();
  expect(await fixed.locator(".compare-event").textContent()).toBe(
    await leaking.locator(".compare-event").textContent(),
  );
  // To the end: the leaking run strands a goroutine, the fixed one does not.
  await compare.focus();
  await page.keyboard.press("End");
  const steps = Number(await compare.getAttribute("data-steps"));
  await expect(compare).toHaveAttribute("data-step", String(steps - 1));
  await expect(leaking.locator('.lane[data-status="leaked"]')).toHaveCount(1);
  await expect(leaking.locator(".compare-ending")).toContainText("stuck forever");
  await expect(fixed.locator('.lane[data-status="leaked"], .lane[data-status="blocked"]')).toHaveCount(0);
  await expect(fixed.locator(".compare-ending")).toHaveText("It ends with no goroutine stuck.");
  await page.screenshot({ path: `${SHOTS}/side-by-side.png` });
  // Arrow keys step both back.
  await page.keyboard.press("ArrowLeft");
  await expect(compare).toHaveAttribute("data-step", String(steps - 2));
  await page.locator("#compare-close").click();
  await expect(compare).toHaveCount(0);
});

test("after a fix is applied, the two runs are there side by side", async ({ page }) => {
  await openPreview(page);
  await page.locator(".fix-apply").click();
  await expect(page.locator("#compare")).toBeVisible();
  // The focus stays in the code that changed.
  await expect(page.locator(".cm-editor")).toHaveClass(/cm-focused/);
  // The fixed code has no leak left; the leaking run is still there to compare.
  await expect(page.locator(".leak-none")).toBeVisible();
  await page.locator("#compare-last").click();
  await expect(page.locator('#compare-leaking .lane[data-status="leaked"]')).toHaveCount(1);
  await expect(page.locator("#compare-fixed .compare-ending")).toHaveText("It ends with no goroutine stuck.");
  // Loading other code closes it.
  await page.goto("/" + codeLink("package main\n\nfunc main() {}\n"));
  await expect(page.locator(".leak-none")).toBeVisible();
  await expect(page.locator("#compare")).toHaveCount(0);
});

test("a gallery example plays beside its fixed version; edited text does not", async ({ page }) => {
  // A fresh page opens on the first example, a premature return with a
  // fixed version in the gallery.
  await page.goto("/");
  await page.locator(".leak-timeline").first().click();
  await page.locator("#pair-compare").click();
  const compare = page.locator("#compare");
  await expect(compare).toBeVisible();
  await expect(compare).toBeFocused();
  await expect(page.locator("#compare-fixed h3")).toContainText("Early return, with a buffered channel");
  await page.keyboard.press("End");
  await expect(page.locator('#compare-leaking .lane[data-status="leaked"]')).toHaveCount(1);
  await expect(page.locator("#compare-fixed .compare-ending")).toHaveText("It ends with no goroutine stuck.");
  await page.locator("#compare-close").click();
  // Once the text is edited it is not the example any more.
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n// edited\n");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await page.locator(".leak-timeline").first().click();
  await expect(page.locator("#timeline")).toBeVisible();
  await expect(page.locator("#pair-compare")).toHaveCount(0);
});
