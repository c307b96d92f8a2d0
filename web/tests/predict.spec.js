// Predict, then reveal (issue 16.4): a teacher copies a link per step with
// the question; the link opens with the findings hidden and the run paused
// at that step; a student answers by a lane or a line; the page says right
// or wrong and shows the witness to its end.
const { test, expect } = require("./fixture");
const fs = require("node:fs");
const { SHOTS } = require("./shots");

const PREMATURE_RETURN = fs
  .readFileSync(`${__dirname}/../../crate/testdata/rules/premature-return.go`, "utf8")
  .replace(' // want "premature-return"', "");
// lookup's worker blocks forever sending on errc at this line.
const SEND_LINE = 21;
const QUESTION = "Who is stuck after `lookup` returns, and where?";

function codeLink(code) {
  return "#code=" + Buffer.from(code, "utf8").toString("base64url");
}

const timeline = (page) => page.locator("#timeline");

// The teacher: opens the example, goes to the step before the last one,
// writes the question and copies the link.
async function lessonLink(page, question = QUESTION) {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/" + codeLink(PREMATURE_RETURN));
  // Under load the first search may be cut by time and followed by a
  // longer one: wait for the last answer before stepping.
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await expect(page.locator(".toolbar .status")).not.toContainText("searching longer");
  await page.locator(".leak-timeline").first().click();
  const steps = Number(await timeline(page).getAttribute("data-steps"));
  await timeline(page).focus();
  await page.keyboard.press("End");
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1));
  await page.keyboard.press("ArrowLeft");
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 2));
  const pause = steps - 2;
  await page.locator("#lesson-question").fill(question);
  await expect(page.locator("#lesson-link")).toHaveText(`Copy a predict link for step ${pause + 1}`);
  await page.locator("#lesson-link").click();
  const url = await page.locator(".share-url").inputValue();
  expect(url).toMatch(/#v1=[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  // The teacher's own page is not in predict mode.
  await expect(page.locator("#predict")).toHaveCount(0);
  return { url, pause, steps };
}

async function openAsStudent(page, url) {
  await page.goto("about:blank");
  await page.goto(url);
  await expect(page.locator("#predict")).toBeVisible();
}

test("a predict link hides the findings and pauses the run; a wrong lane is told so, with the witness", async ({
  page,
}) => {
  const { url, pause, steps } = await lessonLink(page);
  await openAsStudent(page, url);
  await expect(page.locator("#predict-question")).toHaveText(QUESTION.replace(/`/g, ""));
  await expect(page.locator("#predict-question code")).toHaveText("lookup");
  // Nothing gives the answer away: no finding, no squiggle, no count, no leaked lane.
  await expect(page.locator(".leak")).toHaveCount(0);
  await expect(page.locator("#leaks-hidden")).toBeVisible();
  await expect(page.locator(".toolbar .status")).toContainText("Analyzed");
  await expect(page.locator(".toolbar .status")).not.toContainText("finding");
  await expect(page.locator(".cm-lintRange-error, .cm-lintRange-warning")).toHaveCount(0);
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(0);
  await expect(page.locator("#jump-to-leak")).toHaveCount(0);
  await expect(page.locator("#timeline-title")).toContainText("predict what happens");
  // Paused at the teacher's step: stepping on stops there.
  await expect(timeline(page)).toHaveAttribute("data-step", String(pause));
  await expect(page.locator("#step-scrubber")).toHaveAttribute("max", String(pause));
  await page.locator("#step-forward").click();
  await timeline(page).focus();
  await page.keyboard.press("End");
  await expect(timeline(page)).toHaveAttribute("data-step", String(pause));
  await page.keyboard.press("Home");
  await expect(timeline(page)).toHaveAttribute("data-step", "0");
  await page.keyboard.press("End");
  await expect(timeline(page)).toHaveAttribute("data-step", String(pause));
  // The same link again after a reload (the address keeps the predict state).
  await page.reload();
  await expect(page.locator("#predict")).toBeVisible();
  await expect(timeline(page)).toHaveAttribute("data-step", String(pause));
  await page.screenshot({ path: `${SHOTS}/predict.png` });

  // A wrong answer: main (g1) returns.
  await page.locator('.lane-pick[data-goroutine="1"]').click();
  await expect(page.locator("#predict-answer")).toContainText("Your answer: g1");
  await page.locator("#predict-reveal").click();
  const result = page.locator("#predict-result");
  await expect(result).toHaveClass(/wrong/);
  await expect(result).toContainText("Not quite: you picked g1");
  await expect(result).toContainText(`is stuck at line ${SEND_LINE} on chan send`);
  // The witness to its end, and the findings back.
  await expect(timeline(page)).toHaveAttribute("data-step", String(steps - 1));
  await expect(page.locator('.lane[data-status="leaked"]')).toHaveCount(1);
  await expect(page.locator(".leak")).toHaveCount(1);
  await expect(page.locator(".cm-lintRange-error, .cm-lintRange-warning").first()).toBeVisible();
  await expect(page.locator(".lane-pick")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/predict-revealed.png` });
  // Leaving predict mode: the page is the playground again, and so is its address.
  await page.locator("#predict-leave").click();
  await expect(page.locator("#predict")).toHaveCount(0);
  await expect(page.locator("#lesson-link")).toBeVisible();
});

test("a click on the stuck line is the right answer", async ({ page }) => {
  const { url } = await lessonLink(page, "");
  await openAsStudent(page, url);
  // No question in the link: the page asks its own.
  await expect(page.locator("#predict-question")).toHaveText("Which goroutine is stuck, and where?");
  await page.locator(".cm-content .cm-line").nth(SEND_LINE - 1).click();
  await expect(page.locator("#predict-answer")).toHaveText(`Your answer: line ${SEND_LINE}`);
  // A line that is not it, then the right one: the last answer counts.
  await page.locator(".cm-content .cm-line").nth(2).click();
  await expect(page.locator("#predict-answer")).toHaveText("Your answer: line 3");
  await page.locator(".cm-content .cm-line").nth(SEND_LINE - 1).click();
  await page.locator("#predict-reveal").click();
  await expect(page.locator("#predict-result")).toHaveClass(/right/);
  await expect(page.locator("#predict-result")).toContainText(`Right: you picked line ${SEND_LINE}`);
});

test("the stuck goroutine's lane is right, and the keyboard can answer with the cursor's line", async ({ page }) => {
  const { url } = await lessonLink(page);
  await openAsStudent(page, url);
  // Find the stuck goroutine by revealing on a copy of the page.
  const other = await page.context().newPage();
  await other.goto(url);
  await other.locator("#predict-reveal").click();
  const stuck = await other.locator('.lane[data-status="leaked"]').getAttribute("data-goroutine");
  await other.close();
  // By keyboard: the lane's button is reachable and says what it does.
  const pick = page.locator(`.lane-pick[data-goroutine="${stuck}"]`);
  await expect(pick).toHaveAccessibleName(`Answer: g${stuck} is stuck`);
  await pick.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#predict-answer")).toContainText(`Your answer: g${stuck}`);
  await page.locator("#predict-reveal").click();
  await expect(page.locator("#predict-result")).toHaveClass(/right/);

  // The cursor's line, by keyboard only.
  await openAsStudent(page, url);
  await page.locator(".cm-content").focus();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 1; i < SEND_LINE; i++) await page.keyboard.press("ArrowDown");
  await page.locator("#predict-cursor-line").click();
  await expect(page.locator("#predict-answer")).toHaveText(`Your answer: line ${SEND_LINE}`);
});

test("a predict link in presentation mode: the question and the lanes on the projector", async ({ page }) => {
  const { url } = await lessonLink(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("about:blank");
  await page.goto(url.replace("/#", "/?present=1#"));
  await expect(page.locator("html")).toHaveAttribute("data-mode", "present");
  await expect(page.locator("#predict")).toBeInViewport();
  for (const lane of await page.locator(".lane").all()) await expect(lane).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/predict-present-1920x1080.png` });
});
