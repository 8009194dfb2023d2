import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousAxeViolations, type TestBrowser } from "../support/browser.ts";
import { useLocalStackForTests } from "../support/localStackHarness.ts";

/**
 * The operator console in real Chromium against the real local stack: sign in through the link
 * `npm start` prints, provision from the page, watch the saga, act on the instance through the
 * buttons its links allow, redrive a dead letter; axe-core on every page.
 */
const TENANT = "e2econsole";
const local = useLocalStackForTests("bbws-console-");
let browser: TestBrowser;
let page: Page;
let instanceId = "";

beforeAll(async () => {
  browser = await launchChromium();
  browser.context.setDefaultTimeout(15_000);
  page = await browser.context.newPage();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(name: string) {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
}

/** The instance page's state and operation cells, live (the page polls every second). */
async function waitForSettled(state: string, kind: string) {
  await page
    .getByTestId("state")
    .filter({ hasText: new RegExp(`^${state}$`) })
    .waitFor({ timeout: 60_000 });
  await page
    .getByTestId("operation")
    .filter({ hasText: `${kind} COMPLETED` })
    .waitFor({ timeout: 60_000 });
}

async function act(rel: string, confirm: boolean) {
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: rel, exact: true }).click();
  if (confirm) await actions.getByRole("button", { name: `Yes, ${rel}` }).click();
  await page
    .getByTestId("action-message")
    .filter({ hasText: `${rel} accepted` })
    .waitFor();
}

async function siteStatus(url: string): Promise<{ status: number; text: string }> {
  const site = await browser.context.newPage();
  try {
    const answer = await site.goto(url);
    return { status: answer?.status() ?? 0, text: (await answer?.text()) ?? "" };
  } finally {
    await site.close();
  }
}

describe("the operator console", () => {
  it("signs in from the printed link and lists instances with counts per state", async () => {
    await page.goto(local.api.consoleUrl);
    await page.getByRole("heading", { name: "Instances" }).waitFor();
    expect(page.url()).not.toContain("access_token");
    await page.getByRole("region", { name: "Instances per state" }).getByText("0 instances").waitFor();
    // Keyboard first: the first Tab reaches the skip link, Enter moves focus to the content.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await expectAccessible("instances-empty");
  }, 30_000);

  it("provisions a tenant from the page and shows its saga reaching ACTIVE, live", async () => {
    await page.getByLabel("Tenant id").fill(TENANT);
    await page.getByLabel("Tenant id").press("Enter");
    await page.waitForURL(/#\/instances\/.+/);
    instanceId = decodeURIComponent(page.url().split("#/instances/")[1] ?? "");
    await waitForSettled("ACTIVE", "provision");
    const timeline = page.getByTestId("timeline");
    await timeline.locator('[data-type="InstanceActivated"]').waitFor();
    expect(await timeline.locator('[data-type="InstanceActivated"]').getAttribute("class")).toContain(
      "critical",
    );
    for (const lane of ["identity", "storage", "routing", "compute"])
      await timeline
        .locator("li", { hasText: new RegExp(`${lane}.*Ready`, "i") })
        .first()
        .waitFor();
    const siteUrl = (await page.getByTestId("site-link").getAttribute("href")) ?? "";
    const site = await siteStatus(siteUrl);
    expect(site.status).toBe(200);
    expect(site.text).toContain(`<title>${TENANT}`);
    await expectAccessible("instance-active");
    await page.getByRole("link", { name: "All instances" }).click();
    await page.getByRole("row", { name: new RegExp(`${TENANT} dev ACTIVE`) }).waitFor();
    await page.getByRole("button", { name: "ACTIVE 1" }).waitFor();
    await expectAccessible("instances");
    // Search runs on the server (a tenantId or instanceId prefix), over every page.
    await page.getByLabel("Search").fill("e2econ");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("row", { name: new RegExp(`${TENANT} dev ACTIVE`) }).waitFor();
    expect(page.url()).toContain("search=e2econ");
    await page.getByLabel("Search").fill("nobody");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No instance matches.").waitFor();
    await page.getByLabel("Search").fill("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("link", { name: TENANT }).click();
    await page.getByTestId("state").filter({ hasText: "ACTIVE" }).waitFor();
  }, 90_000);

  it("suspends (the site shows the maintenance page), resumes, backs up and restores from the buttons", async () => {
    const siteUrl = (await page.getByTestId("site-link").getAttribute("href")) ?? "";
    await act("suspend", true);
    await waitForSettled("SUSPENDED", "suspend");
    expect((await siteStatus(siteUrl)).status).toBe(503);
    await act("resume", false);
    await waitForSettled("ACTIVE", "resume");
    expect((await siteStatus(siteUrl)).status).toBe(200);
    await act("backup", false);
    await waitForSettled("ACTIVE", "backup");
    const backups = await page.getByLabel("Backup").locator("option").count();
    expect(backups).toBe(1);
    await act("restore", true);
    await waitForSettled("ACTIVE", "restore");
    expect((await siteStatus(siteUrl)).status).toBe(200);
  }, 90_000);

  it("shows a viewer every action disabled", async () => {
    const token = await local.api.issuer.mintToken({ groups: ["platform-viewers"], username: "e2e-viewer" });
    const viewer = await browser.context.newPage();
    try {
      await viewer.goto(`${local.api.consoleUrl.split("#")[0]}#access_token=${token}`);
      await viewer.getByText("viewer (read only)").waitFor();
      await viewer.getByRole("link", { name: TENANT }).click();
      await viewer.getByTestId("state").filter({ hasText: "ACTIVE" }).waitFor();
      const buttons = viewer.getByRole("region", { name: "Actions" }).getByRole("button");
      expect(await buttons.count()).toBeGreaterThan(3);
      for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);
      // A phone's width: the same page, still usable (axe again, and a screenshot to look at).
      await viewer.setViewportSize({ width: 390, height: 844 });
      await screenshot(viewer, "instance-viewer-phone");
      expect(await seriousAxeViolations(viewer), "axe on the instance page at phone width").toEqual([]);
      await viewer.goto(`${local.api.consoleUrl.split("#")[0]}#/instances`);
      expect(await viewer.getByRole("button", { name: "Provision", exact: true }).isDisabled()).toBe(true);
    } finally {
      await viewer.close();
    }
  }, 30_000);

  it("deprovisions after a confirmation", async () => {
    await act("deprovision", true);
    await waitForSettled("DEPROVISIONED", "deprovision");
    const compensation = await page.getByTestId("timeline").locator("li.compensation").count();
    expect(compensation).toBe(0);
  }, 60_000);

  it("redrives a dead letter from the recovery page", async () => {
    const logged = await local.stack.mesh.ledgerStore.events(instanceId);
    const requested = logged.find((entry) => entry.event["detail-type"] === "InstanceRequested");
    const routing = local.stack.mesh.deadLetterQueues.routing;
    routing.accept({
      messageId: randomUUID(),
      body: JSON.stringify(requested?.event),
      sentAt: Date.now(),
      receiveCount: 5,
      firstReceivedAt: Date.now(),
      sourceQueue: local.stack.mesh.queues.routing.name,
    });
    await page.getByRole("link", { name: "Recovery" }).click();
    const queue = page.locator('[data-consumer="routing"]');
    await queue.getByText("1 message(s)").waitFor();
    await queue.getByText("InstanceRequested", { exact: true }).waitFor();
    await expectAccessible("recovery");
    await queue.getByRole("button", { name: "Redrive routing" }).click();
    await page.getByTestId("dlq-message").filter({ hasText: "redrive routing: accepted" }).waitFor();
    await queue.getByText("0 message(s)").waitFor();
    expect(routing.list()).toEqual([]);
  }, 30_000);

  it("runs an orphan dry run and replays the instance's last minutes from the recovery page", async () => {
    await page.getByRole("button", { name: "Scan (dry run)" }).click();
    await page.getByTestId("cleanup").filter({ hasText: "COMPLETED" }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("cleanup").textContent()).toMatch(/^Dry run/);
    // datetime-local takes the browser's local time: the values are made in the page.
    const window = await page.evaluate(() => {
      const local = (at: number) => {
        const date = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
        return date.toISOString().slice(0, 19);
      };
      return { from: local(Date.now() - 10 * 60_000), to: local(Date.now()) };
    });
    const replay = page.getByRole("region", { name: "Replay a window" });
    await replay.getByLabel("From (local time)").fill(window.from);
    await replay.getByLabel("To (local time)").fill(window.to);
    await replay.getByLabel("Instance id (optional)").fill(instanceId);
    await replay.getByRole("button", { name: "Replay" }).click();
    await page.getByTestId("replay").filter({ hasText: "COMPLETED" }).waitFor();
    expect(await page.getByTestId("replay").textContent()).toMatch(/COMPLETED, [1-9]\d* events/);
  }, 45_000);
});
