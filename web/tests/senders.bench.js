// Benchmark, not a test: `make bench-web` (after a release build). The
// 10,000-sender program of honest.spec.js (a deadlock Go reports as "all
// goroutines are asleep"), opened by its link in fresh browser contexts
// (cold cache, unthrottled): when the worker said it was ready, when the
// page asked it, when each answer arrived (the findings first, then the
// whole answer with the runs), with the worker's own time for each, and
// when the finding was on screen; median of 5, for each of the two
// versions (every sender sends `i`, or every sender sends 1). It prints
// figures and never fails on them.
const { test, expect } = require("@playwright/test");
const { manySenders } = require("./programs");

const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// In the page's clock (ms since navigation): every message to and from each
// worker, and when the first finding is on screen.
function recordMessages() {
  window.__events = [];
  window.__finding = null;
  const note = (what, data) => {
    const answer = data && data.Answer;
    window.__events.push({
      what,
      at: performance.now(),
      partial: answer ? answer.partial : undefined,
      elapsed: answer ? answer.elapsed_ms : undefined,
      deep: answer ? answer.deep : undefined,
      findings: answer ? answer.analysis.findings.length : undefined,
    });
  };
  const Original = window.Worker;
  window.Worker = function (...args) {
    const worker = new Original(...args);
    worker.addEventListener("message", (event) => note(event.data && event.data.Ready ? "ready" : "answer", event.data));
    const post = worker.postMessage;
    worker.postMessage = function (message) {
      note("asked");
      return post.call(this, message);
    };
    return worker;
  };
  window.Worker.prototype = Original.prototype;
  new MutationObserver(() => {
    if (window.__finding === null && document.querySelector(".leak")) window.__finding = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

for (const [name, value] of [
  ["each sends i", "i"],
  ["each sends 1", "1"],
]) {
  test(`10,000 senders (${name}): first finding after navigation`, async ({ browser }) => {
    test.setTimeout(180_000);
    const rows = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(recordMessages);
      const code = Buffer.from(manySenders(10_000, value), "utf8").toString("base64url");
      await page.goto("/#code=" + code);
      await expect(page.locator(".leak").first()).toBeVisible({ timeout: 60_000 });
      await expect(page.locator(".leak").first()).toContainText("all goroutines are asleep - deadlock!");
      const { events, finding } = await page.evaluate(() => ({ events: window.__events, finding: window.__finding }));
      const first = (what) => events.find((e) => e.what === what);
      const answers = events.filter((e) => e.what === "answer");
      const withFinding = answers.find((e) => e.findings > 0);
      rows.push({
        ready: first("ready") ? first("ready").at : NaN,
        asked: first("asked") ? first("asked").at : NaN,
        answered: withFinding ? withFinding.at : NaN,
        worker: withFinding ? withFinding.elapsed : NaN,
        partial: withFinding ? withFinding.partial : undefined,
        deep: withFinding ? withFinding.deep : undefined,
        finding,
      });
      await context.close();
    }
    const col = (key) => rows.map((r) => r[key]);
    const ms = (xs) => xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : "-")).join(", ");
    console.log(
      `10,000 senders (${name}), unthrottled, cold cache, median of ${RUNS}: ` +
        `finding on screen ${median(col("finding")).toFixed(0)} ms after navigation [${ms(col("finding"))}]; ` +
        `worker ready [${ms(col("ready"))}]; page asked [${ms(col("asked"))}]; ` +
        `first answer with the finding [${ms(col("answered"))}] ` +
        `(worker's time [${ms(col("worker"))}], partial ${col("partial").join("/")}, deep ${col("deep").join("/")})`,
    );
  });
}
