/**
 * @module One action at a time: while an action runs, further starts are ignored, so a
 * double-click (or Enter and a click) on a button never runs it twice, never two submissions.
 */

/**
 * @example
 * const inFlight = new InFlight()
 * button.onclick = () => void inFlight.run(submit)
 */
export class InFlight {
  #running = false

  get busy(): boolean {
    return this.#running
  }

  /** Runs `action` unless one is running; resolves to whether it ran. */
  async run(action: () => Promise<void>): Promise<boolean> {
    if (this.#running) {
      return false
    }
    this.#running = true
    try {
      await action()
      return true
    } finally {
      this.#running = false
    }
  }
}
