// Accessibility (issue 16.6): axe-core, injected into the page, finds no
// serious or critical violation (WCAG 2.1 A and AA rules) in any state of
// the playground: normal, findings, the fix's diff, the timeline, dark,
// presentation, embed, the gallery, the shortcuts, a pattern's page, and a
// search cut short.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const zlib = require("node:zlib");

const AXE = require.resolve("axe-core/axe.min.js");
const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

// A predict link as the page makes it: base64url of the raw-deflated state.
function predictLink(code, step, question) {
  const state = { code, step, predict: true, question };
  return "#v1=" + zlib.deflateRawSync(Buffer.from(JSON.stringify(state), "utf8")).toString("base64url");
}

const TEN_SENDERS =
  "package main\n\nfunc main() {\n\tresults := make(chan int)\n\tfor i := 0; i < 10; i++ {\n\t\tgo func() { results <- i }()\n\t}\n\t<-results\n}\n";

// The serious and critical violations in the page as it is now, each as
// "rule: target (summary)" so a failure says what to fix.
async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary}`));
  });
  return violations;
}

async function openLeak(page, query = "") {
  await page.goto("/" + query + codeLink(PREMATURE_RETURN));
  await expect(page.locator("#timeline")).toBeVisible();
}

const STATES = {
  "normal, first example": async (page) => {
    await page.goto("/");
    await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  },
  "a leak with its findings and timeline": async (page) => {
    await openLeak(page);
    await page.locator("#step-last").click();
  },
  "the fix's diff open": async (page) => {
    await openLeak(page);
    await page.locator(".leak .fix-button").first().click();
    await expect(page.locator(".fix-preview")).toBeVisible();
  },
  "dark theme with the timeline": async (page) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await openLeak(page);
    await page.locator("#step-last").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  },
  "presentation mode": async (page) => {
    await openLeak(page, "?present=1");
    await page.locator("#jump-to-leak").click();
  },
  "embed mode": async (page) => {
    await openLeak(page, "?embed=1");
  },
  "the gallery": async (page) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Examples" }).click();
    await expect(page.locator(".gallery")).toBeVisible();
  },
  "the keyboard shortcuts": async (page) => {
    await page.goto("/");
    await page.getByRole("button", { name: "keyboard shortcuts" }).click();
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  },
  "a pattern's page": async (page) => {
    await openLeak(page);
    await page.locator(".leak .leak-doc").first().click();
    await expect(page.locator(".rule-page")).toBeVisible();
  },
  "predict mode, paused, with an answer": async (page) => {
    await page.goto("/" + predictLink(PREMATURE_RETURN, 2, "Who is stuck after `lookup` returns?"));
    await expect(page.locator("#predict")).toBeVisible();
    await page.locator('.lane-pick[data-goroutine="1"]').click();
    await expect(page.locator("#predict-answer")).toContainText("g1");
  },
  "predict mode, revealed": async (page) => {
    await page.goto("/" + predictLink(PREMATURE_RETURN, 2));
    await page.locator("#predict-reveal").click();
    await expect(page.locator("#predict-result")).toBeVisible();
  },
  "predict mode, revealed, dark": async (page) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/" + predictLink(PREMATURE_RETURN, 2));
    await page.locator('.lane-pick[data-goroutine="1"]').click();
    await page.locator("#predict-reveal").click();
    await expect(page.locator("#predict-result")).toHaveClass(/wrong/);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  },
  "side by side, dark": async (page) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await openLeak(page);
    await page.locator(".leak .fix-button").first().click();
    await page.locator(".fix-compare").click();
    await page.locator("#compare-last").click();
    await expect(page.locator("#compare-leaking .compare-ending")).toBeVisible();
  },
  "predict mode in presentation": async (page) => {
    await page.goto("/?present=1" + predictLink(PREMATURE_RETURN, 2));
    await expect(page.locator("#predict")).toBeVisible();
  },
  "leaking and fixed side by side": async (page) => {
    await openLeak(page);
    await page.locator(".leak .fix-button").first().click();
    await page.locator(".fix-compare").click();
    await page.locator("#compare-last").click();
    await expect(page.locator("#compare-fixed .compare-ending")).toBeVisible();
  },
  "grouped lanes": async (page) => {
    await page.goto("/" + codeLink(TEN_SENDERS));
    await page.locator(".leak-timeline").first().click();
    await page.locator("#step-last").click();
    await expect(page.locator(".lane-group")).toHaveCount(1);
  },
  "a wide screen with the split": async (page) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openLeak(page);
    await expect(page.getByRole("separator")).toBeVisible();
  },
  "a search cut short": async (page) => {
    // 600 goroutines: more than the browser's first search follows.
    const code =
      "package main\n\nfunc main() {\n\tch := make(chan int)\n\tfor i := 0; i < 600; i++ {\n\t\tgo func() { ch <- i }()\n\t}\n\t<-ch\n}\n";
    await page.goto("/" + codeLink(code));
    await expect(page.locator("#leak-cut-short")).toBeVisible();
  },
};

for (const [name, open] of Object.entries(STATES)) {
  test(`axe: no serious or critical violations: ${name}`, async ({ page }) => {
    await open(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
