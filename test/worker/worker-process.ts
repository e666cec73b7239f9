/** @module Starts worker/main.ts as `npm start` does, in a child process, and waits for its banner. */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

export interface WorkerProcess {
  child: ChildProcess
  /** What it printed up to the end of its banner. */
  output: string
  /** `http://127.0.0.1:<port>` */
  origin: string
}

/** On a free port of 127.0.0.1, with `env` over the test's own environment. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('keys:issue')) {
        resolve(text)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
  })
  const port = /listening on [\d.]+:(\d+)/.exec(output)?.[1]
  return { child, output, origin: `http://127.0.0.1:${port}` }
}
