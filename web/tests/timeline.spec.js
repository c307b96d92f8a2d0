// Findings, one-click fixes, the timeline and the classroom modes (issues 5
// and 6), against the release build. Every test also fails on a console error.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const zlib = require("node:zlib");

const { SHOTS } = require("./shots");


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

// ---- Issue 6: other schedules, hand-offs, sleepers, PNG, statuses against the engine.

// A select with a default case polls the worker once: the worker leaks only
// when the select runs before its send (web/examples/poll_once.go).
const POLL_ONCE = fs.readFileSync(`${__dirname}/../examples/poll_once.go`, "utf8");

// The engine's own snapshots of the premature-return witness, written by the
// native test web/tests/timeline_golden.rs (which fails when they drift).
const GOLDEN = JSON.parse(fs.readFileSync(`${__dirname}/golden/premature-return.timeline.json`, "utf8"));

async function linkState(page) {
  const hash = await page.evaluate(() => location.hash);
  if (!hash.startsWith("#v1=")) return null;
  return JSON.parse(zlib.inflateRawSync(Buffer.from(hash.slice(4), "base64url")).toString("utf8"));
}

async function laneStates(page) {
  return page.locator(".lanes .lane").evaluateAll((lanes) =>
    lanes.map((lane) => ({
      id: Number(lane.dataset.goroutine),
      status: lane.dataset.status,
      text: lane.querySelector(".lane-status").textContent,
      line: lane.querySelector(".lane-line")?.textContent ?? null,
      wokenBy: lane.dataset.wokenBy ?? null,
    })),
  );
}

test("a schedule-dependent leak: N of M runs, switch to the clean run, where the runs part, in the link", async ({ page }) => {
  await page.goto("/#code=" + base64url(POLL_ONCE));
  await expect(timeline(page)).toBeVisible();
  await expect(page.locator("#runs-count")).toHaveText("Leaks in 1 of 2 explored runs");
  await expect(timeline(page)).toHaveAttribute("data-run", "finding");
  await expect(page.locator("#run-finding")).toHaveAttribute("aria-pressed", "true");
  // Both runs start g2; at step 2 main takes the default in the leaking run,
  // while in the clean run the worker reaches its send first.
  const part = page.locator("#runs-part");
  await expect(part).toHaveAttribute("data-step", "1");
  await expect(part).toContainText("The runs part at step 2. Here g1 (main) goes before g2 (tryResult.func1)");
  await expect(part).toContainText("takes the select's default case");
  await expect(part).toContainText("In the clean run g2 (tryResult.func1) goes first: g2 blocks sending");
  await expect(page.locator(".scrubber-mark.part")).toHaveAttribute("data-step", "1");
  await page.locator("#go-to-part").click();
  await expect(timeline(page)).toHaveAttribute("data-step", "1");
  await expect(page.locator("#step-event")).toContainText("takes the select's default case");

  // The clean run, at the same step: the worker acts there instead.
  await page.locator("#run-clean").click();
  await expect(timeline(page)).toHaveAttribute("data-run", "clean");
  await expect(timeline(page)).toHaveAttribute("data-step", "1");
  await expect(page.locator("#run-clean")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#timeline-title")).toContainText("a clean run");
  await expect(page.locator("#step-event")).toContainText("g2 blocks sending");
  await expect(part).toContainText("In the leaking run g1 (main) goes first");
  await expect(page.locator("#jump-to-leak")).toHaveCount(0);
  // The clean run ends with main receiving the value, and nobody leaked.
  await page.locator("#step-last").click();
  await expect(page.locator("#step-event")).toContainText("g1 receives");
  await expect(page.locator("#step-handoffs")).toContainText("g1 takes g2's value");
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(0);
  await expect(page.locator("#step-output")).toContainText("got done");
  await page.screenshot({ path: `${SHOTS}/timeline-clean-run.png` });

  // The link carries the run; opening it shows the clean run again.
  await expect.poll(async () => (await linkState(page))?.clean_run).toBe(true);
  const hash = await page.evaluate(() => location.hash);
  await page.goto("/" + hash);
  await expect(timeline(page)).toHaveAttribute("data-run", "clean");
  await page.locator("#run-finding").click();
  await expect(timeline(page)).toHaveAttribute("data-run", "finding");
  await expect.poll(async () => (await linkState(page))?.clean_run).toBeUndefined();
  await page.locator("#step-last").click();
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(1);
});

test("a program whose outcome does not depend on the schedule shows no run switch", async ({ page }) => {
  await openPrematureReturn(page);
  await expect(timeline(page)).toBeVisible();
  await expect(page.locator(".timeline-runs")).toHaveCount(0);
});

test("hand-off arrows: the worker's send wakes main's receive, lane to lane through the channel", async ({ page }) => {
  await openPrematureReturn(page);
  // The step where the engine says g2 sends to g1.
  const at = GOLDEN.steps.findIndex((s) => / sends .* to g1$/.test(s.event));
  expect(at).toBeGreaterThan(0);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < at; i++) await page.keyboard.press("ArrowRight");
  await expect(timeline(page)).toHaveAttribute("data-step", String(at));
  const arrow = page.locator('.handoff-arrow[data-from="2"][data-to="1"]');
  await expect(arrow).toHaveCount(1);
  await expect(page.locator("#step-handoffs li")).toHaveText(/^g2 hands a value to g1 through errc \(made at line 19\)$/);
  // The channel is named as the code names it, in code style.
  await expect(page.locator("#step-handoffs li code")).toHaveText("errc");
  await expect(page.locator('.lane[data-goroutine="1"]')).toHaveAttribute("data-woken-by", "2");
  await expect(page.locator(".channel.handoff .channel-handoff")).toHaveText("hand-off: g2 → g1");
  // The arrow leaves g2's lane and enters g1's, at their middles.
  const geometry = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.handoff-arrow[data-from="2"][data-to="1"] line')];
    const middle = (el) => {
      const r = el.getBoundingClientRect();
      return r.top + r.height / 2;
    };
    return {
      start: middle(lines[0]),
      end: middle(lines[2]),
      from: middle(document.querySelector('.lane[data-goroutine="2"]')),
      to: middle(document.querySelector('.lane[data-goroutine="1"]')),
    };
  });
  expect(Math.abs(geometry.start - geometry.from)).toBeLessThan(4);
  expect(Math.abs(geometry.end - geometry.to)).toBeLessThan(4);
  await page.screenshot({ path: `${SHOTS}/timeline-handoff.png` });
  // Other steps have no arrow.
  await page.keyboard.press("Home");
  await expect(page.locator(".handoff-arrow")).toHaveCount(0);
  // The exported SVG draws the arrow and says it.
  await page.keyboard.press("Home");
  for (let i = 0; i < at; i++) await page.keyboard.press("ArrowRight");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#timeline-export").click()]);
  const svg = fs.readFileSync(await download.path(), "utf8");
  expect(svg).toContain('<g class="handoff" data-from="2" data-to="1">');
  expect(svg).toMatch(/→ g2 hands a value to g1 through errc \(made at line 19\)/);
});

test("a sleeping goroutine's lane says until when, on the virtual clock", async ({ page }) => {
  const program = [
    "package main",
    "",
    'import "time"',
    "",
    "func main() {",
    "\tch := make(chan int)",
    "\tgo func() {",
    "\t\ttime.Sleep(1500 * time.Millisecond)",
    "\t\tch <- 1",
    "\t}()",
    "}",
    "",
  ].join("\n");
  await page.goto("/#code=" + base64url(program));
  await expect(timeline(page)).toBeVisible();
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  await timeline(page).focus();
  await page.keyboard.press("Home");
  let found = null;
  for (let i = 0; i < steps && !found; i++) {
    await expect(timeline(page)).toHaveAttribute("data-step", String(i));
    found = (await laneStates(page)).find((l) => l.status === "sleeping");
    if (!found) await page.keyboard.press("ArrowRight");
  }
  expect(found, "a step where g2 sleeps").toBeTruthy();
  expect(found.text).toBe("sleeping until 1.5s");
  // Later the clock reaches 1.5s and the goroutine blocks on its send.
  await page.keyboard.press("End");
  await expect(page.locator(".timeline-clock")).toHaveText("clock 1.5s");
});

test("the PNG export is a PNG of the step, twice the SVG's size", async ({ page }) => {
  await openPrematureReturn(page);
  await page.locator("#step-last").click();
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.locator("#timeline-export").click()]);
  const svg = fs.readFileSync(await svgDownload.path(), "utf8");
  const [width, height] = svg.match(/viewBox="0 0 (\d+) (\d+)"/).slice(1).map(Number);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#timeline-export-png").click()]);
  expect(download.suggestedFilename()).toMatch(/^leakscope-premature-return-step-\d+\.png$/);
  const png = fs.readFileSync(await download.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  expect(png.readUInt32BE(16)).toBe(width * 2);
  expect(png.readUInt32BE(20)).toBe(height * 2);
  // Text and coloured lanes, not a blank canvas: a blank PNG of this size
  // compresses to a few hundred bytes.
  expect(png.length).toBeGreaterThan(10_000);
  // The browser decodes it, and it is not one colour.
  const colours = await page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length && seen.size < 50; i += 4 * 97) seen.add(data.slice(i, i + 3).join(","));
    return seen.size;
  }, [...png]);
  expect(colours).toBeGreaterThan(3);
});

test("every lane's status and line match the engine's snapshots at every step", async ({ page }) => {
  test.setTimeout(60_000);
  await openPrematureReturn(page);
  const steps = GOLDEN.steps;
  await expect(timeline(page)).toHaveAttribute("data-steps", String(steps.length));
  const ids = [...new Set(steps.flatMap((s) => s.goroutines.map((g) => g.id)))].sort((a, b) => a - b);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < steps.length; i++) {
    await expect(timeline(page)).toHaveAttribute("data-step", String(i));
    const step = steps[i];
    // The engine's sentence, its backticked code shown in code style.
    await expect(page.locator("#step-event")).toHaveText(step.event.replace(/`/g, ""));
    const quoted = [...step.event.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    await expect(page.locator("#step-event code")).toHaveText(quoted);
    const lanes = await laneStates(page);
    expect(lanes.map((l) => l.id), `step ${i + 1}: lanes`).toEqual(ids);
    const last = i === steps.length - 1;
    for (const lane of lanes) {
      const g = step.goroutines.find((g) => g.id === lane.id);
      const where = `step ${i + 1}, g${lane.id}`;
      if (!g) {
        expect(lane.status, where).toBe("not-started");
        expect(lane.line, where).toBeNull();
        continue;
      }
      const leaked = last && g.status === "blocked" && GOLDEN.leaked.includes(g.id);
      expect(lane.status, where).toBe(leaked ? "leaked" : g.status);
      expect(lane.line, where).toBe(`line ${g.line}`);
      if (g.reason) expect(lane.text, where).toContain(g.reason);
    }
    await page.keyboard.press("ArrowRight");
  }
  // The leak the engine reports is where the last step leaves the worker.
  const leaked = await page.locator('.lane[data-status="leaked"]').getAttribute("data-goroutine");
  expect(GOLDEN.leaked).toEqual([Number(leaked)]);
  expect(GOLDEN.line).toBe(SEND_LINE);
});
