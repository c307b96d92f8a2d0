// Benchmarks, not tests: `make bench-web` (after a release build). Prints
// the edit-to-findings latency for a 50-line and a 500-line snippet (median
// of repeated runs; it includes the 150 ms typing debounce) and the time from
// navigation to the first analyzed example.
const { test, expect } = require("@playwright/test");

const RUNS = 9;

function snippet(lines) {
  const out = ["package main", "", 'import "fmt"', ""];
  let i = 0;
  while (out.length < lines - 6) {
    out.push(`func worker${i}(ch chan int) {`, `\tgo func() { ch <- ${i} }()`, "\tfmt.Println(<-ch)", "}", "");
    i++;
  }
  out.push("func main() {", "\tch := make(chan int)", "\tworker0(ch)", "}");
  return out.join("\n") + "\n";
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function editToFindings(page, text) {
  return page.evaluate(async (text) => {
    const status = document.querySelector(".toolbar .status");
    const content = document.querySelector(".cm-content");
    content.focus();
    document.execCommand("selectAll");
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const started = performance.now();
    content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    await new Promise((resolve) => {
      const check = () => {
        if (status.textContent.startsWith("Analyzed")) resolve();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const worker = Number((status.textContent.match(/Analyzed in (\d+) ms/) || [])[1]);
    return { total: performance.now() - started, worker };
  }, text);
}

test("latency", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const started = Date.now();
    await fresh.goto("/");
    await expect(fresh.locator(".toolbar .status")).toContainText("Analyzed");
    loads.push(Date.now() - started);
    await context.close();
  }
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  console.log(`navigation to first analyzed example: median ${median(loads)} ms of ${loads.join(", ")}`);

  for (const lines of [50, 500]) {
    const totals = [];
    const workers = [];
    for (let run = 0; run < RUNS; run++) {
      const { total, worker } = await editToFindings(page, snippet(lines) + `// run ${run}\n`);
      totals.push(total);
      workers.push(worker);
    }
    console.log(
      `${lines} lines: edit to findings median ${median(totals).toFixed(0)} ms ` +
        `(worker ${median(workers)} ms; debounce 150 ms included)`,
    );
  }
});

test("one megabyte paste: time to findings and the longest frame on the page thread", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  const result = await page.evaluate(async () => {
    const parts = ["package main\n\n"];
    let size = parts[0].length;
    for (let i = 0; size < 1024 * 1024; i++) {
      const f = `func f${i}(ch chan int) {\n\tgo func() { ch <- ${i} }()\n\t<-ch\n}\n\n`;
      parts.push(f);
      size += f.length;
    }
    const text = parts.join("");
    const status = document.querySelector(".toolbar .status");
    const content = document.querySelector(".cm-content");
    content.focus();
    document.execCommand("selectAll");
    const data = new DataTransfer();
    data.setData("text/plain", text);
    let longestFrame = 0;
    let last = performance.now();
    const started = last;
    content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    await new Promise((resolve) => {
      const tick = (now) => {
        longestFrame = Math.max(longestFrame, now - last);
        last = now;
        if (status.textContent.startsWith("Analyzed")) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    return { bytes: text.length, total: performance.now() - started, longestFrame, status: status.textContent };
  });
  console.log(
    `1 MB paste (${result.bytes} bytes): findings after ${result.total.toFixed(0)} ms; ` +
      `longest frame ${result.longestFrame.toFixed(0)} ms; status "${result.status}"`,
  );
});
