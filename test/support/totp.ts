import { totpCode } from 'api/totp';
import type { Page } from 'playwright-core';
import { apiAs, demoAccountButton } from './browser.ts';
import { CHROME, type TestLocale } from './i18n.ts';

/**
 * The second-factor enrolment page, as an account whose role must hold one (`MFA_REQUIRED_ROLES`) meets it
 * the first time it signs in: the login page sends it to `/enroll-totp`, which shows the secret.
 */
export async function signInToEnrolment(page: Page, email: string, language: TestLocale): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: demoAccountButton(email) }).click();
  await page.getByRole('button', { name: CHROME[language].signIn, exact: true }).click();
  await page.waitForURL(/\/enroll-totp/);
  await page.getByTestId('totp-secret').waitFor();
}

/** Confirms the enrolment with the current code of the secret the page shows, as an authenticator app would. */
export async function confirmEnrolment(page: Page): Promise<void> {
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  await page.locator('input[autocomplete="one-time-code"]').fill(totpCode(secret, new Date()));
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(/\/queue/);
}

/** Clears the signed-in account's own second factor (its sessions end), so it enrols again next time. */
export async function resetOwnSecondFactor(page: Page): Promise<void> {
  const me = await apiAs(page, 'GET', '/api/auth/me');
  const id = me.body.user.id as string;
  const res = await apiAs(page, 'POST', `/api/users/${id}/reset-totp`);
  if (res.status !== 200) throw new Error(`reset-totp: ${res.status} ${JSON.stringify(res.body)}`);
}
