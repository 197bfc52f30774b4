import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ],
  });
}

export const VIEWPORTS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
  kiosk: { width: 1280, height: 800 },
  kioskPortrait: { width: 800, height: 1280 },
} as const;

export async function newPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", ...opts });
  return context.newPage();
}

/** Saves a screenshot under docs/screenshots when SCREENSHOTS=1 (used to refresh the docs). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve(process.env.SCREENSHOT_DIR ?? ".tmp/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Signs in through the real login form (demo password unless given). */
export async function loginAs(page: Page, baseUrl: string, username: string, password = "HaiLong@2024"): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel("Tên đăng nhập hoặc email").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/dang-nhap")), page.getByRole("button", { name: "Đăng nhập" }).click()]);
}

/**
 * Opens every folded dashboard section as it appears (also after client-side navigation), as a
 * reader who opens them would: for tests that read what the folds hold. The folds themselves are
 * tested closed in test/e2e/leader-first.test.ts.
 */
export async function unfoldAll(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const open = () => document.querySelectorAll("details.dash-fold:not([open])").forEach((d) => ((d as HTMLDetailsElement).open = true));
    new MutationObserver(open).observe(document, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", open);
  });
}

/**
 * Waits until every opened dashboard fold holds its content: the heavy folds of an overview load
 * when opened (after hydration), so a test that opened them with unfoldAll waits for them here.
 */
export async function foldsLoaded(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      // A page that says when it is hydrated (the dashboards) loads its folds once it is.
      if (document.querySelector('main[data-hydrated="false"]')) return false;
      return [...document.querySelectorAll("details.dash-fold[open]")].every((d) => !d.querySelector('[data-testid="fold-status"]'));
    },
    undefined,
    { timeout },
  );
}
