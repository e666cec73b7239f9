/**
 * @module Debian's Chromium, launched headless as every browser test and benchmark drives it
 * (Playwright's own browser download does not work on these machines).
 */
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--headless',
    ],
  })
}
