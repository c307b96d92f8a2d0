// Playwright runs the page as a person uses it, against the release build in
// dist/ (run `trunk build --release --offline` first; `make test` does), served
// as static files on a free localhost port. It uses Debian's Chromium and
// never downloads a browser.
const { defineConfig } = require("@playwright/test");
const { execFileSync } = require("node:child_process");

// The config is also loaded by each worker process; they inherit the port
// chosen by the first load through the environment.
if (!process.env.LEAKSCOPE_TEST_PORT) {
  process.env.LEAKSCOPE_TEST_PORT = execFileSync("python3", [
    "-c",
    "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
  ])
    .toString()
    .trim();
}
const port = Number(process.env.LEAKSCOPE_TEST_PORT);

module.exports = defineConfig({
  testDir: "web/tests",
  // `make bench-web` sets LEAKSCOPE_BENCH to run the benchmarks instead.
  testMatch: process.env.LEAKSCOPE_BENCH ? "*.bench.js" : "*.spec.js",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node scripts/serve-dist.js --dir dist --address 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 20_000,
    stdout: "ignore",
    stderr: "ignore",
  },
});
