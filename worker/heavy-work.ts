/**
 * @module Heavy work (an .xlsx built by ExcelJS: a rollup export, a template not yet cached) taken
 * a few at a time, the next ones waiting in line, and refused with 503 `SERVER_BUSY` and
 * Retry-After once the line is full: the event loop stays free for light requests (a PUT, the
 * periods) however many exports are asked for at once.
 */
import { ApiError } from './errors.ts'

export interface HeavyWorkLimits {
  /** Pieces of heavy work running at once. */
  concurrent: number
  /** Pieces waiting for a turn; one more is refused. */
  waiting: number
}

/** Two at a time (the machine has a few cores, and the event loop is one), 100 waiting. */
export const HEAVY_WORK: HeavyWorkLimits = { concurrent: 2, waiting: 100 }

export interface HeavyWork {
  run<T>(work: () => Promise<T>): Promise<T>
}

export function createHeavyWork({ concurrent, waiting }: HeavyWorkLimits = HEAVY_WORK): HeavyWork {
  let running = 0
  const line: (() => void)[] = []
  return {
    async run(work) {
      if (running >= concurrent) {
        if (line.length >= waiting) {
          throw new ApiError('SERVER_BUSY', { params: { seconds: 5 } })
        }
        await new Promise<void>((resolve) => line.push(resolve))
      } else {
        running++
      }
      try {
        return await work()
      } finally {
        const next = line.shift()
        if (next) {
          next()
        } else {
          running--
        }
      }
    },
  }
}
