// Benchmark, not a test: `make bench-web` (after a release build). Plays a
// long witness (a hundred senders, one stranded) at the fastest speed and
// prints the frame rate and the longest frame while it plays.
const { test, expect } = require("@playwright/test");

const SENDERS = 100;
const PROGRAM = [
  "package main",
  "",
  'import "fmt"',
  "",
  "func main() {",
  "\tch := make(chan int)",
  `\tfor i := 0; i < ${SENDERS}; i++ {`,
  "\t\tgo func() { ch <- i }()",
  "\t}",
  `\tfor i := 0; i < ${SENDERS - 1}; i++ {`,
  "\t\tfmt.Println(<-ch)",
  "\t}",
  "}",
  "",
].join("\n");

test("timeline playback frame rate on a long witness", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/#code=" + Buffer.from(PROGRAM, "utf8").toString("base64url"));
  const timeline = page.locator("#timeline");
  await expect(timeline).toBeVisible({ timeout: 60_000 });
  const steps = Number(await timeline.getAttribute("data-steps"));
  await page.locator("#step-speed").selectOption({ label: "8×" });
  await page.locator("#step-first").click();
  await page.locator("#step-play").click();
  const result = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const frames = [];
        const started = performance.now();
        const tick = (now) => {
          frames.push(now);
          if (now - started < 5000) requestAnimationFrame(tick);
          else {
            const gaps = frames.slice(1).map((t, i) => t - frames[i]);
            resolve({
              fps: (frames.length - 1) / ((frames[frames.length - 1] - frames[0]) / 1000),
              longest: Math.max(...gaps),
              over50: gaps.filter((g) => g > 50).length,
              step: Number(document.querySelector("#timeline").dataset.step),
            });
          }
        };
        requestAnimationFrame(tick);
      }),
  );
  console.log(
    `timeline: ${steps} steps; playing at 8x for 5 s reached step ${result.step}: ` +
      `${result.fps.toFixed(1)} frames/s, longest frame ${result.longest.toFixed(1)} ms, ` +
      `${result.over50} frames over 50 ms`,
  );
});
