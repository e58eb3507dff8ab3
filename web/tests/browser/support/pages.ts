import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { seriousViolations } from "./chromium.ts";
import { webDir } from "./local-site.ts";

/*
 * What every browser test does with a page: sign in by name, check it with axe-core, and
 * photograph it into web/screenshots/ (the README shows those pictures).
 */

export const screenshots = join(webDir, "screenshots");

export const PHONE = { width: 390, height: 844 };

export const signIn = async (page: Page, name: string) => {
  await page.getByLabel(/your name/i).fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
};

export const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

export const shoot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
