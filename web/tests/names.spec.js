// Objects named as the code names them (issue 16.2): a mutex is `c.mu`, a
// WaitGroup `wg`, with the line that declares them, in the step sentences,
// the hand-off sentences, the lock list and the lanes; never "mutex #N".
// And leaking and fixed side by side (issue 16.5): the fixed run follows
// the leaking one by meaning (the same goroutine doing the same operation),
// not by equal choice indexes.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const { SHOTS } = require("./shots");

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

const timeline = (page) => page.locator("#timeline");

// The gallery's lock leak: Inc returns early holding `c.mu` (a field `mu`
// declared at line 10); the goroutine's Inc then blocks on `c.mu.Lock()`.
const LOCK_LEAK = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/lock-leak.go`, "utf8")
  .replace(' // want "lock-leak"', "");

// main waits on `wg` (line 9) until g2's Done wakes it, then returns while
// g3 blocks sending on `ch` forever.
const WAIT_THEN_LEAK = [
  "package main",
  "",
  "import (",
  '\t"sync"',
  '\t"time"',
  ")",
  "",
  "func main() {",
  "\tvar wg sync.WaitGroup",
  "\tch := make(chan int)",
  "\twg.Add(1)",
  "\tgo func() {",
  "\t\tdefer wg.Done()",
  "\t\ttime.Sleep(time.Millisecond)",
  "\t}()",
  "\twg.Wait()",
  "\tgo func() { ch <- 1 }()",
  "}",
  "",
].join("\n");

// Steps through the open timeline from the first step until `locator`
// matches, and returns that step.
async function stepUntil(page, predicate) {
  await timeline(page).focus();
  await page.keyboard.press("Home");
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  for (let i = 0; i < steps; i++) {
    if (await predicate()) return i;
    await page.keyboard.press("ArrowRight");
  }
  return -1;
}

test("a struct field's mutex is `c.mu`, declared at line 10, in the sentences, the lock list and the lanes", async ({
  page,
}) => {
  await page.goto("/" + codeLink(LOCK_LEAK));
  const leak = page.locator(".leak").first();
  await expect(leak).toBeVisible();
  await leak.locator(".leak-timeline").click();
  await expect(timeline(page)).toBeVisible();
  // The step where main takes the lock says which one.
  const event = page.locator("#step-event");
  const locked = await stepUntil(page, async () => /g1 locks c\.mu/.test(await event.textContent()));
  expect(locked).toBeGreaterThanOrEqual(0);
  await expect(event.locator("code").first()).toHaveText("c.mu");
  // Held, it is listed by name with its declaration.
  const lock = page.locator(".locks .lock").first();
  await expect(lock).toContainText("c.mu declared at line 10");
  await expect(lock.locator("code")).toHaveText("c.mu");
  // At the end, the goroutine stuck on it says what it waits on.
  await page.locator("#step-last").click();
  await expect(page.locator('.lane[data-status="leaked"] .lane-status')).toContainText(
    "sync.Mutex.Lock (c.mu) forever",
  );
  await expect(page.locator(".locks .lock").first()).toContainText("c.mu declared at line 10");
  await expect(page.locator(".locks")).not.toContainText("#");
  await expect(timeline(page)).not.toContainText("mutex #");
  await page.screenshot({ path: `${SHOTS}/timeline-lock-named.png` });
});

test("a WaitGroup's hand-off says `wg` and its declaration line, not a number", async ({ page }) => {
  await page.goto("/" + codeLink(WAIT_THEN_LEAK));
  const leak = page.locator(".leak").first();
  await expect(leak).toBeVisible();
  await leak.locator(".leak-timeline").click();
  await expect(timeline(page)).toBeVisible();
  const handoff = page.locator("#step-handoffs .handoff-done");
  const at = await stepUntil(page, async () => (await handoff.count()) > 0);
  expect(at).toBeGreaterThan(0);
  await expect(handoff).toHaveText("g2 brings wg (declared at line 9) to zero, which releases g1");
  await expect(handoff.locator("code")).toHaveText("wg");
  // One step earlier, main's lane names what it waits on.
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator('.lane[data-goroutine="1"] .lane-status')).toHaveText(
    "blocked on sync.WaitGroup.Wait (wg)",
  );
  await expect(timeline(page)).not.toContainText("WaitGroup #");
});

// The leak needs `done` closed before the sender runs. Its fix buffers
// `results`, which moves the fixed program's choice points: replaying the
// same choice indexes there ran the sender first (another story); followed
// by meaning, the closer runs first, then the sender, whose value waits in
// the buffer.
const CLOSER_FIRST = [
  "package main",
  "",
  "func main() {",
  "\tresults := make(chan int)",
  "\tdone := make(chan struct{})",
  "\tgo func() { results <- 1 }()",
  "\tgo func() { close(done) }()",
  "\tselect {",
  "\tcase v := <-results:",
  "\t\tprintln(v)",
  "\tcase <-done:",
  "\t}",
  "}",
  "",
].join("\n");

test("side by side, the fixed run follows the leaking run's turns by meaning, and the page says so", async ({
  page,
}) => {
  await page.goto("/" + codeLink(CLOSER_FIRST));
  const button = page.locator(".leak .fix-button").first();
  await expect(button).toBeVisible();
  await button.click();
  await page.locator(".fix-compare").click();
  const compare = page.locator("#compare");
  await expect(compare).toBeVisible();
  await expect(compare.locator(".compare-intro")).toContainText(
    "the fixed run lets the same goroutine (the same function, started in the same order) do the same operation as the leaking run",
  );
  const leaking = page.locator("#compare-leaking");
  const fixed = page.locator("#compare-fixed");
  // Step by step the same goroutine acts on the same code, up to the end
  // of the leaking run, where the fixed one has nobody stuck.
  const steps = Number(await leaking.getAttribute("data-steps"));
  await compare.focus();
  await page.keyboard.press("Home");
  const code = async (run) => (await run.locator(".compare-event code").allTextContents()).join(" ");
  const actor = async (run) => ((await run.locator(".compare-event").textContent()).match(/^g\d+/) || [""])[0];
  for (let i = 0; i < steps; i++) {
    await expect(leaking).toHaveAttribute("data-step", String(i));
    expect(await actor(fixed)).toBe(await actor(leaking));
    expect(await code(fixed)).toBe(await code(leaking));
    await page.keyboard.press("ArrowRight");
  }
  await page.keyboard.press("End");
  await expect(leaking.locator('.lane[data-status="leaked"]')).toHaveCount(1);
  await expect(fixed.locator('.lane[data-status="leaked"], .lane[data-status="blocked"]')).toHaveCount(0);
  await page.keyboard.press("Home");
  for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowRight");
  await page.screenshot({ path: `${SHOTS}/side-by-side-by-meaning.png` });
});
