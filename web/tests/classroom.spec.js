// The classroom (issue 16.3-16.6): presentation mode on a projector, the
// phone, whole step sentences with code in code style, focus and messages
// for the keyboard, a top-level heading in every mode.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const { SHOTS } = require("./shots");

// Six goroutines (main and five workers): the third worker fails, gather
// returns on its error, and the senders still running block forever.
const FAN_OUT = fs.readFileSync(`${__dirname}/fixtures/fan_out.go`, "utf8");
const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

const timeline = (page) => page.locator("#timeline");

async function openPresenting(page, code) {
  await page.goto("/?present=1" + codeLink(code));
  await expect(timeline(page)).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-mode", "present");
}

test("Escape leaves presentation mode", async ({ page }) => {
  await openPresenting(page, PREMATURE_RETURN);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Escape");
  await expect(page.locator("html")).toHaveAttribute("data-mode", "normal");
  await expect(page.locator(".toolbar")).toBeVisible();
  await expect(page.locator("#present-toggle")).toHaveText("Present");
});

test("presentation at 1280x720 shows every lane of a six-goroutine program, code beside the timeline", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openPresenting(page, FAN_OUT);
  await page.locator("#jump-to-leak").click();
  const lanes = page.locator(".lane");
  await expect(lanes).toHaveCount(6);
  await expect(page.locator('.lane[data-status="leaked"]').first()).toBeVisible();
  for (let i = 0; i < 6; i++) {
    const box = await lanes.nth(i).boundingBox();
    expect(box, `lane ${i + 1}`).not.toBeNull();
    expect(box.y, `lane ${i + 1} top`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `lane ${i + 1} bottom`).toBeLessThanOrEqual(720);
    await expect(lanes.nth(i)).toBeInViewport({ ratio: 1 });
  }
  // Nothing scrolled to get there: the timeline fits its column.
  expect(await timeline(page).evaluate((t) => t.scrollTop)).toBe(0);
  // Side by side: the code on the left, the timeline on the right.
  const code = await page.locator(".editor-host").boundingBox();
  const panel = await timeline(page).boundingBox();
  expect(code.x + code.width).toBeLessThanOrEqual(panel.x + 1);
  await page.screenshot({ path: `${SHOTS}/present-1280x720.png` });
});

test("presentation at 1920x1080: lane text is at least 28 px", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openPresenting(page, FAN_OUT);
  await page.locator("#jump-to-leak").click();
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll(".lane .lane-name strong, .lane .lane-name code, .lane-status, .lane-line")].map(
      (el) => parseFloat(getComputedStyle(el).fontSize),
    ),
  );
  expect(sizes.length).toBeGreaterThanOrEqual(6 * 3);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(28);
  const code = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".cm-content")).fontSize));
  expect(code).toBeGreaterThanOrEqual(28);
  for (const lane of await page.locator(".lane").all()) await expect(lane).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: `${SHOTS}/present-1920x1080.png` });
});

test("on a phone, stepping and jumping to the leak never move the page", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await expect(page.locator(".leak").first()).toBeVisible();
  await page.locator(".leak-timeline").first().click();
  await page.locator("#step-first").scrollIntoViewIfNeeded();
  await page.locator("#step-first").click();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  for (let i = 0; i < 4; i++) {
    await page.locator("#step-forward").click();
    await expect(timeline(page)).toHaveAttribute("data-step", String(i + 1));
    // Let the editor's measure-and-scroll run before reading the page's position.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.evaluate(() => window.scrollY), `after step ${i + 2}`).toBe(scrolled);
  }
  await page.locator("#jump-to-leak").click();
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.screenshot({ path: `${SHOTS}/phone-timeline.png` });
});

test("step sentences show their code in code style", async ({ page }) => {
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await page.locator(".leak-timeline").first().click();
  await page.locator("#step-last").click();
  const event = page.locator("#step-event");
  await expect(event).not.toContainText("`");
  await expect(event.locator("code").first()).toHaveText("errc <- fetch(id)");
  // The finding's own words too: message, what to do, the pattern's page.
  const leak = page.locator(".leak").first();
  await expect(leak.locator(".leak-message")).not.toContainText("`");
  await expect(leak.locator(".leak-message code").first()).toBeVisible();
  // In the code's own names: `errc` is made as `make(chan error)`.
  await expect(leak.locator(".leak-help code").first()).toHaveText("make(chan error, 1)");
});

// fetchAll gives up after its timeout and returns; the three fetchers then
// block sending a whole struct literal on `results`.
const FETCH_TIMEOUT = fs.readFileSync(`${__dirname}/fixtures/fetch_timeout.go`, "utf8");

test("a step sentence quotes the whole operation, never cut inside a name", async ({ page }) => {
  await page.goto("/" + codeLink(FETCH_TIMEOUT));
  await page.locator(".leak-timeline").first().click();
  await timeline(page).focus();
  await page.keyboard.press("Home");
  const event = page.locator("#step-event");
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  const sends = [];
  for (let i = 0; i < steps; i++) {
    const text = await event.innerText();
    if (text.includes("blocks sending")) sends.push(await event.locator("code").first().innerText());
    await page.keyboard.press("ArrowRight");
  }
  expect(sends.length).toBe(3);
  for (const code of sends) expect(code).toBe("results <- result{url: u, body: body, err: err}");
});

test("what to do is said in the code's own names: its channel's type and its loop's count", async ({ page }) => {
  await page.goto("/" + codeLink(FETCH_TIMEOUT));
  const help = page.locator(".leak").first().locator(".leak-help");
  await expect(help.locator("code").first()).toHaveText("make(chan result, len(urls))");
  await expect(help).not.toContainText("items");
});

test("after a fix is applied, focus is back in the editor", async ({ page }) => {
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  await page.locator(".leak .fix-button").first().click();
  await page.locator(".fix-apply").click();
  await expect(page.locator(".fix-preview")).toHaveCount(0);
  await expect(page.locator(".cm-editor")).toHaveClass(/cm-focused/);
  expect(await page.evaluate(() => document.activeElement.classList.contains("cm-content"))).toBe(true);
});

test("Alt+Shift+F says why when it cannot act", async ({ page }) => {
  // No leak at all.
  await page.goto("/" + codeLink("package main\n\nfunc main() {}\n"));
  await expect(page.locator(".leak-none")).toBeVisible();
  await page.locator("#findings").focus();
  await page.keyboard.press("Alt+Shift+F");
  await expect(page.locator(".notice")).toContainText("there is no leak in this code");
});

test("every mode has a top-level heading", async ({ page }) => {
  for (const query of ["", "?present=1", "?embed=1"]) {
    await page.goto("/" + query + codeLink(PREMATURE_RETURN));
    await expect(timeline(page)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  }
});
