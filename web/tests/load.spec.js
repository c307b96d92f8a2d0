// Loading (issue 16.7): the worker's WebAssembly downloads in parallel with
// the page's, and a load logs no warnings.
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
