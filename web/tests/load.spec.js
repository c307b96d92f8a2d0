// Loading (issue 16.7): the worker's WebAssembly downloads in parallel with
// the page's, the first worker fetches no entry script (later ones do), and a
// load logs no warnings.
const { test, expect } = require("./fixture");

const fileName = (url) => new URL(url).pathname.split("/").pop();

test("over a 9 Mbit/s, 40 ms link the worker's wasm is requested before the page's wasm has arrived", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 40,
    downloadThroughput: (9 * 1000 * 1000) / 8,
    uploadThroughput: (9 * 1000 * 1000) / 8,
  });
  const started = {};
  const finished = {};
  page.on("request", (request) => {
    started[fileName(request.url())] ??= Date.now();
  });
  page.on("requestfinished", (request) => {
    finished[fileName(request.url())] ??= Date.now();
  });
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed", { timeout: 30_000 });
  const appWasm = Object.keys(finished).find((name) => /^app-.*_bg\.wasm$/.test(name));
  expect(appWasm, "the page's wasm").toBeTruthy();
  expect(started["worker_bg.wasm"], "the worker's wasm").toBeTruthy();
  expect(started["worker_bg.wasm"]).toBeLessThan(finished[appWasm]);
  // The first worker's entry script is written into the page: nothing is
  // fetched before the worker's wasm but its glue, which loads beside it.
  expect(started["worker_loader.js"], "no entry script fetched").toBeUndefined();
  expect(started["worker.js"], "the worker's glue").toBeTruthy();
});

test("a worker started again after the watchdog loads from worker_loader.js and answers", async ({ page }) => {
  test.setTimeout(60_000);
  const loaders = [];
  page.on("request", (request) => {
    if (fileName(request.url()) === "worker_loader.js") loaders.push(request.url());
  });
  // The first worker spins on its first request; the page restarts it.
  await page.goto("/?test-hang&test-watchdog-ms=1000");
  await expect(page.locator(".toolbar .status")).toContainText("worker was restarted", { timeout: 30_000 });
  expect(loaders.length).toBe(1);
  // The restarted worker answers the next edit.
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\n// edited after the restart\n");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed", { timeout: 30_000 });
});

test("a load logs no warnings", async ({ page }) => {
  const logged = [];
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error") logged.push(`${message.type()}: ${message.text()}`);
  });
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await expect(page.locator(".leak").first()).toBeVisible();
  expect(logged).toEqual([]);
});

// The first worker analyzes the text the page opens with before the page
// asks (web/src/worker.rs): index.html hands it a #code= link's code, or
// with no link the autosaved text. Speed is reported by senders.bench.js.
test("the first worker is handed the text the page opens with: a link's, else the autosaved one", async ({
  page,
}) => {
  const linked = "package main\n\n// héllo, 世界\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n";
  const firstText = async () => {
    await expect.poll(() => page.workers().length).toBeGreaterThan(0);
    return page.workers()[0].evaluate(() => self.leakscopeFirst);
  };
  await page.goto("/#code=" + Buffer.from(linked, "utf8").toString("base64url"));
  await expect(page.locator(".leak").first()).toContainText("ch");
  expect(await firstText()).toBe(linked);
  // The same code in standard base64 with padding, as links written by hand have it.
  await page.goto("about:blank");
  await page.goto("/#code=" + Buffer.from(linked + "\n", "utf8").toString("base64"));
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  expect(await firstText()).toBe(linked + "\n");
  // No link: the text autosaved by the last visit (as an edit saves it).
  const saved = linked.replace("ch <- 1", "ch <- 2");
  await page.evaluate((text) => localStorage.setItem("leakscope.code", text), saved);
  await page.goto("about:blank");
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  expect(await firstText()).toBe(saved);
  await expect(page.locator(".cm-content")).toContainText("ch <- 2");
  await expect(page.locator(".leak").first()).toBeVisible();
});
