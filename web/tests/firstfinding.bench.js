// Benchmark, not a test: `make bench-web` (after a release build). What a
// person feels on a classroom's network: the first finding on screen after a
// cold-cache navigation over a throttled link (Chromium's DevTools protocol:
// 9 Mbit/s down, 40 ms latency, cache disabled), median of 5 fresh browser
// contexts; then the edit-to-findings latency on a warm page; then the gzip
// size of every file the page loads. It prints figures and never fails on
// them (under load the timings are noisy).
const { test, expect } = require("@playwright/test");
const fs = require("node:fs");
const path = require("node:path");

const RUNS = 5;
// 9 Mbit/s in bytes per second, as the protocol takes it.
const DOWN_BYTES_PER_S = (9 * 1000 * 1000) / 8;
const LATENCY_MS = 40;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records, in the page's own clock (milliseconds since navigation started),
// when the first finding and the first "Analyzed" status appear.
function recordFirstFinding() {
  window.__firstFinding = null;
  window.__firstAnalyzed = null;
  const check = () => {
    if (window.__firstFinding === null && document.querySelector(".leak")) {
      window.__firstFinding = performance.now();
    }
    const status = document.querySelector(".toolbar .status");
    if (window.__firstAnalyzed === null && status && status.textContent.startsWith("Analyzed")) {
      window.__firstAnalyzed = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

test("first finding on screen over a throttled link, cold cache", async ({ browser }) => {
  test.setTimeout(240_000);
  const findings = [];
  const analyzed = [];
  const transferred = [];
  const throttledWorkers = [];
  // How the page's own files came (the worker's are not seen here).
  const codings = new Map();
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: DOWN_BYTES_PER_S,
      uploadThroughput: DOWN_BYTES_PER_S,
    });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (event) => {
      bytes += event.encodedDataLength;
    });
    cdp.on("Network.responseReceived", ({ response }) => {
      const coding = Object.entries(response.headers).find(([k]) => k.toLowerCase() === "content-encoding");
      if (!response.url.startsWith("http")) return;
      const file = new URL(response.url).pathname.split("/").pop() || "index.html";
      codings.set(file, coding ? coding[1] : "identity");
    });
    // The analysis worker is a target of its own: DevTools' network
    // conditions apply per target, so the worker gets them too (before it
    // runs: it waits for the debugger until then), and its downloads count.
    let workers = 0;
    let workerBytes = 0;
    cdp.on("Target.receivedMessageFromTarget", ({ message }) => {
      const event = JSON.parse(message);
      if (event.method === "Network.loadingFinished") workerBytes += event.params.encodedDataLength;
    });
    cdp.on("Target.attachedToTarget", async ({ sessionId, targetInfo }) => {
      const send = (id, method, params = {}) =>
        cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
      if (targetInfo.type === "worker") {
        await send(1, "Network.enable");
        await send(2, "Network.setCacheDisabled", { cacheDisabled: true });
        await send(3, "Network.emulateNetworkConditions", {
          offline: false,
          latency: LATENCY_MS,
          downloadThroughput: DOWN_BYTES_PER_S,
          uploadThroughput: DOWN_BYTES_PER_S,
        });
        workers++;
      }
      await send(4, "Runtime.runIfWaitingForDebugger");
    });
    await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    await page.addInitScript(recordFirstFinding);
    // A fresh context has no saved code: the page opens on its first
    // example, a premature return, which has a finding.
    await page.goto("/");
    await expect(page.locator(".leak").first()).toBeVisible({ timeout: 60_000 });
    const times = await page.evaluate(() => ({ finding: window.__firstFinding, analyzed: window.__firstAnalyzed }));
    findings.push(times.finding);
    analyzed.push(times.analyzed);
    transferred.push(bytes + workerBytes);
    throttledWorkers.push(workers);
    await context.close();
  }
  const ms = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(
    `first finding on screen (9 Mbit/s, ${LATENCY_MS} ms, cold cache): median ${median(findings).toFixed(0)} ms ` +
      `of ${RUNS} [${ms(findings)}]; status "Analyzed" median ${median(analyzed).toFixed(0)} ms; ` +
      `transferred ${median(transferred)} bytes (page and worker; workers throttled per run: ` +
      `${throttledWorkers.join(", ")}); page files by coding: ` +
      [...codings].map(([file, coding]) => `${file} ${coding}`).join(", "),
  );
});

test("edit to findings on a warm page", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await expect(page.locator(".leak").first()).toBeVisible();
  const source = fs.readFileSync(path.join(__dirname, "fixtures", "fan_out.go"), "utf8");
  const times = [];
  for (let run = 0; run < 9; run++) {
    const ms = await page.evaluate(async (text) => {
      const content = document.querySelector(".cm-content");
      content.focus();
      document.execCommand("selectAll");
      const data = new DataTransfer();
      data.setData("text/plain", text);
      const started = performance.now();
      content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      // The new text's finding: the fan-out's leak, named in the list.
      await new Promise((resolve) => {
        const check = () => {
          const status = document.querySelector(".toolbar .status").textContent;
          if (status.startsWith("Analyzed") && document.querySelector(".leak")) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return performance.now() - started;
    }, source + `// run ${run}\n`);
    times.push(ms);
  }
  console.log(
    `edit to findings (fan-out, 40 lines, paste): median ${median(times).toFixed(0)} ms of 9 ` +
      `(the 150 ms typing debounce included)`,
  );
});

test("compressed size of every file the page loads", async () => {
  const dist = path.join(__dirname, "..", "..", "dist");
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== ".stage") walk(full);
      } else if (!/\.(br|gz)$/.test(entry.name)) files.push(full);
    }
  };
  walk(dist);
  files.sort();
  // What the server sends a browser that accepts the coding: the
  // precompressed copy (scripts/compress-dist.js) when there is one, else the
  // file as it is.
  const sent = (file, suffix) => (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : fs.statSync(file).size);
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  const lines = files.map((file) => {
    const bytes = fs.statSync(file).size;
    const gz = sent(file, ".gz");
    const br = sent(file, ".br");
    raw += bytes;
    gzip += gz;
    brotli += br;
    return `${String(bytes).padStart(10)} ${String(gz).padStart(10)} ${String(br).padStart(10)}  ${path.relative(dist, file)}`;
  });
  console.log(
    [
      "       raw       gzip     brotli  file (as served: scripts/serve-dist.js)",
      ...lines,
      `${String(raw).padStart(10)} ${String(gzip).padStart(10)} ${String(brotli).padStart(10)}  total`,
    ].join("\n"),
  );
});
