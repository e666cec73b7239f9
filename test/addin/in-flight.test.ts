/** @module Tests of the one-action-at-a-time guard: a double-click never runs an action twice. */
import { describe, expect, it } from 'vitest'
import { InFlight } from '../../addin/in-flight.ts'

function deferred() {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

describe('InFlight', () => {
  it('ignores a second click while the first submission is still in flight', async () => {
    const inFlight = new InFlight()
    const answer = deferred()
    let submissions = 0
    const submit = async () => {
      submissions++
      await answer.promise
    }
    const first = inFlight.run(submit)
    const second = inFlight.run(submit)
    expect(inFlight.busy).toBe(true)
    answer.resolve()
    expect(await Promise.all([first, second])).toEqual([true, false])
    expect(submissions).toBe(1)
  })

  it('lets the action run again once it is over, even after a failure', async () => {
    const inFlight = new InFlight()
    await expect(
      inFlight.run(async () => {
        throw new Error('mất kết nối')
      }),
    ).rejects.toThrow('mất kết nối')
    expect(inFlight.busy).toBe(false)
    expect(await inFlight.run(async () => {})).toBe(true)
  })
})
