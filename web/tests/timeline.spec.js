// Findings, one-click fixes, the timeline and the classroom modes (issues 5
// and 6), against the release build. Every test also fails on a console error.
const { test: base, expect } = require("@playwright/test");
const fs = require("node:fs");
const zlib = require("node:zlib");

const { SHOTS } = require("./shots");

const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    await use(page);
    expect(problems, "console errors").toEqual([]);
  },
});

// crate/testdata/rules/premature-return.go without its test marker: lookup
// returns when validation fails, and the worker's send on line 21 strands.
const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");
const SEND_LINE = 21;

function base64url(text) {
  return Buffer.from(text, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// A v1 link is base64url of the raw-deflated JSON.
function v1(state) {
  const raw = zlib.deflateRawSync(Buffer.from(JSON.stringify(state), "utf8"));
  return "#v1=" + Buffer.from(raw).toString("base64url");
}

async function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((line) => line.textContent).join("\n"),
  );
}

const leak = (page) => page.locator(".leak").first();
const timeline = (page) => page.locator("#timeline");

async function openPrematureReturn(page, query = "") {
  await page.goto("/" + query + "#code=" + base64url(PREMATURE_RETURN));
  // Presentation mode hides the findings panel: the timeline shows the leak.
  await expect(query.includes("present") ? timeline(page) : leak(page)).toBeVisible();
}

test("a premature return is named at the right line, with squiggles and a search summary", async ({ page }) => {
  await openPrematureReturn(page);
  await expect(page.locator(".leak")).toHaveCount(1);
  await expect(leak(page).locator(".leak-name")).toHaveText("Premature return");
  await expect(leak(page).locator(".leak-rule")).toHaveText("premature-return");
  await expect(leak(page).locator(".leak-line")).toHaveText(`line ${SEND_LINE}`);
  await expect(page.locator(".leak-search-entry").first()).toContainText("explored");
  await expect(page.locator(".cm-lintRange-error, .cm-lintRange-warning").first()).toBeVisible();
  // Labelled locations jump into the editor.
  const label = leak(page).locator(".leak-label").first();
  await expect(label).toBeVisible();
  await label.click();
  await expect(page.locator(".cm-editor")).toHaveClass(/cm-focused/);
  // The pattern's page, from the rule texts.
  await leak(page).locator(".leak-doc").click();
  await expect(page.locator(".rule-page h2")).toContainText("Premature return");
  await expect(page.locator(".rule-page .rule-why")).not.toBeEmpty();
  await page.keyboard.press("Escape");
  await expect(page.locator(".rule-page")).toHaveCount(0);
});

test("preview and apply the verified fix; undo brings the leak back", async ({ page }) => {
  await openPrematureReturn(page);
  const fix = leak(page).locator(".fix-button").first();
  await expect(fix).toBeVisible();
  await fix.click();
  const diff = page.locator(".fix-diff");
  await expect(diff).toBeVisible();
  const diffText = await diff.textContent();
  const added = diffText
    .split("\n")
    .filter((l) => l.startsWith("+") && !l.startsWith("+++"))
    .map((l) => l.slice(1));
  expect(added.length).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}/findings-fix-preview.png` });

  await page.locator(".fix-apply").click();
  // The code changed as the preview showed, and the finding is gone.
  await expect.poll(() => editorText(page)).not.toBe(PREMATURE_RETURN);
  const fixed = await editorText(page);
  for (const line of added) expect(fixed).toContain(line);
  await expect(page.locator(".leak-none")).toBeVisible();
  await expect(page.locator(".leak")).toHaveCount(0);

  // One undo reverts the whole fix, and the finding comes back.
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+z");
  await expect.poll(() => editorText(page)).toBe(PREMATURE_RETURN);
  await expect(page.locator(".leak")).toHaveCount(1);
  await expect(leak(page).locator(".leak-name")).toHaveText("Premature return");
});

test("the timeline ends with the worker leaked on its send, marked in the editor", async ({ page }) => {
  await openPrematureReturn(page);
  await expect(timeline(page)).toBeVisible();
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  expect(steps).toBeGreaterThan(2);
  await page.locator("#step-last").click();
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1));
  const leaked = page.locator('.lane[data-status="leaked"]');
  await expect(leaked).toHaveCount(1);
  await expect(leaked.locator(".lane-status")).toContainText("chan send");
  await expect(leaked.locator(".lane-line")).toHaveText(`line ${SEND_LINE}`);
  await expect(leaked.locator(".lane-start")).toContainText("started at line 20");
  // The editor marks the leaked goroutine's line and highlights the send.
  await expect(page.locator(".cm-ls-step.leaked")).toContainText("errc <- fetch(id)");
  const id = await leaked.getAttribute("data-goroutine");
  await expect(page.locator(".cm-ls-marker", { hasText: `g${id}` })).toBeVisible();
  // Channels and the clock are shown.
  await expect(page.locator(".timeline .channel").first()).toBeVisible();
  await expect(page.locator(".timeline-clock")).toContainText("clock");
  await page.screenshot({ path: `${SHOTS}/timeline-leak.png` });
});

test("keyboard stepping, play and pause, jump to the leak", async ({ page }) => {
  await openPrematureReturn(page);
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await expect(timeline(page)).toHaveAttribute("data-step", "0");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(timeline(page)).toHaveAttribute("data-step", "2");
  await page.keyboard.press("ArrowLeft");
  await expect(timeline(page)).toHaveAttribute("data-step", "1");
  await page.keyboard.press("End");
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1));
  await page.keyboard.press("Home");

  // Space plays: the step advances by itself; Space again pauses.
  await page.keyboard.press(" ");
  await expect(page.locator("#step-play")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => Number(await timeline(page).getAttribute("data-step"))).toBeGreaterThan(0);
  await page.keyboard.press(" ");
  await expect(page.locator("#step-play")).toHaveAttribute("aria-pressed", "false");
  const paused = await timeline(page).getAttribute("data-step");
  await page.waitForTimeout(1000);
  await expect(timeline(page)).toHaveAttribute("data-step", paused);

  // The play button, at the fastest speed, plays to the end and stops.
  await page.locator("#step-speed").selectOption({ label: "8×" });
  await page.locator("#step-play").click();
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1), { timeout: 20_000 });
  await expect(page.locator("#step-play")).toHaveAttribute("aria-pressed", "false");

  await page.locator("#step-first").click();
  await expect(timeline(page)).toHaveAttribute("data-step", "0");
  await page.locator("#jump-to-leak").click();
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1));
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(1);
  // The scrubber has a mark where the worker blocks.
  await expect(page.locator(".scrubber-mark").first()).toBeAttached();
});

test("a permalink with a step opens the timeline at that step", async ({ page }) => {
  await page.goto("/" + v1({ code: PREMATURE_RETURN, finding: 0, step: 1 }));
  await expect(timeline(page)).toHaveAttribute("data-step", "1");
  await expect(page.locator("#step-scrubber")).toHaveValue("1");
  await expect(page.locator(".timeline-position")).toHaveText(/^Step 2 of /);
  // Stepping keeps the address current with the step.
  await timeline(page).focus();
  await page.keyboard.press("ArrowRight");
  const stepInAddress = async () => {
    const hash = await page.evaluate(() => location.hash);
    if (!hash.startsWith("#v1=")) return null;
    return JSON.parse(zlib.inflateRawSync(Buffer.from(hash.slice(4), "base64url")).toString("utf8")).step;
  };
  await expect.poll(stepInAddress).toBe(2);
});

test("presentation and embed modes render", async ({ page }) => {
  await openPrematureReturn(page, "?present=1");
  await expect(page.locator("html")).toHaveAttribute("data-mode", "present");
  await expect(timeline(page)).toBeVisible();
  await expect(page.locator(".findings")).toBeHidden();
  await expect(page.locator(".toolbar")).toBeHidden();
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".cm-content")).fontSize));
  expect(size).toBeGreaterThanOrEqual(22);
  await page.locator("#jump-to-leak").click();
  await page.screenshot({ path: `${SHOTS}/presentation-mode.png` });
  // The button leaves it.
  await page.locator("#present-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("data-mode", "normal");

  await openPrematureReturn(page, "?embed=1");
  await expect(page.locator("html")).toHaveAttribute("data-mode", "embed");
  await expect(page.locator(".toolbar")).toBeHidden();
  await expect(timeline(page)).toBeVisible();
  await expect(page.locator(".cm-content")).toHaveAttribute("aria-readonly", "true");
  await page.locator(".cm-content").click();
  await page.keyboard.type("xyz");
  expect(await editorText(page)).toBe(PREMATURE_RETURN);
  await expect(page.locator(".fix-button")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/embed-mode.png` });
});

test("the exported SVG is valid XML with a lane per goroutine", async ({ page }) => {
  await openPrematureReturn(page);
  await page.locator("#step-last").click();
  const lanes = await page.locator(".lanes .lane").count();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#timeline-export").click()]);
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const svg = fs.readFileSync(await download.path(), "utf8");
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const error = doc.querySelector("parsererror");
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.nodeName,
      lanes: doc.querySelectorAll("g.lane").length,
      rects: doc.querySelectorAll("g.lane rect").length,
      texts: [...doc.querySelectorAll("g.lane text")].map((t) => t.textContent),
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe("svg");
  expect(parsed.lanes).toBe(lanes);
  expect(parsed.rects).toBeGreaterThanOrEqual(lanes);
  expect(parsed.texts.join(" ")).toContain("leaked");
});

// The analyzer's rule examples that the gallery shows: each leaking version
// is named by its pattern, each fixed (golden) version has no leak.
const GALLERY_RULES = [
  "premature-return",
  "ncast-leak",
  "orphan-receive",
  "send-after-reader-left",
  "full-buffer",
  "forgotten-cancel",
  "nil-channel",
  "lock-leak",
  "waitgroup-misuse",
];

test("the gallery's rule examples: leaking versions are named, fixed versions are clean", async ({ page }) => {
  test.setTimeout(180_000);
  for (const rule of GALLERY_RULES) {
    const path = `${__dirname}/../../crate/testdata/rules/${rule}.go`;
    const leaking = fs.readFileSync(path, "utf8");
    await page.goto("/#code=" + base64url(leaking));
    await expect(page.locator(`.leak[data-rule="${rule}"]`).first(), rule).toBeVisible();
    const fixed = fs.readFileSync(`${path}.golden`, "utf8");
    await page.goto("/#code=" + base64url(fixed));
    await expect(page.locator(".leak-none"), `${rule} fixed`).toBeVisible();
  }
});
