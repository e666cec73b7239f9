/**
 * @module What the benchmarks that run real processes share: a fresh PostgreSQL database per
 * phase, a process or a worker started as `npm start` would (on a random port of 127.0.0.1), a
 * sign-in, and the worker's peak resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { call } from './http-client.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
/** The PostgreSQL server the benchmarks make their databases on. */
export const server = process.env.PGBENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh database for one phase; dropped by `drop`. */
export async function database(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const full = `baocao_bench_${name}_${process.pid}`
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS ${full} WITH (FORCE)`)
  await client.query(`CREATE DATABASE ${full}`)
  await client.end()
  const url = new URL(server)
  url.pathname = `/${full}`
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: server })
      await again.connect()
      await again.query(`DROP DATABASE IF EXISTS ${full} WITH (FORCE)`)
      await again.end()
    },
  }
}

/**
 * Starts `node --import tsx ARGS` in `cwd` on a random port of 127.0.0.1; resolves once it says
 * it listens. WORKER_NODE_ARGS (e.g. --cpu-prof) go to node first.
 */
export function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = root,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const nodeArgs = process.env.WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], {
      cwd,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', QUIET: '1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    process.on('exit', () => child.kill('SIGKILL'))
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on [\d.]+:(\d+)/.exec(output)
      if (match) {
        resolve({ child, port: Number(match[1]) })
      }
    })
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)))
  })
}

/**
 * Starts a worker over PostgreSQL (`url`) or over the SQLite store in directory `url`; resolves
 * once it listens. `checkout` runs another checkout's worker (the same store) for a before/after;
 * `env` adds settings.
 */
export function startWorker(
  url: string,
  store: 'postgres' | 'sqlite' = 'postgres',
  checkout = root,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; port: number }> {
  return startProcess(
    ['worker/main.ts'],
    {
      ...(store === 'postgres' ? { DATABASE_URL: url } : { DATABASE_URL: '', DATA_DIR: url }),
      SEED_DEMO: '0',
      TOKEN_SECRET: 'bench',
      ...env,
    },
    checkout,
  )
}

/** Stops a worker and waits until it has exited. */
export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve()
      return
    }
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

export async function signIn(port: number, unit: string, key: string): Promise<string> {
  const response = await call(
    port,
    'POST',
    '/api/v1/auth/token',
    { 'content-type': 'application/json' },
    JSON.stringify({ unit, key }),
  )
  return (JSON.parse(response.body) as { token: string }).token
}

/** The peak resident memory of a process so far (Linux VmHWM), in MiB; NaN elsewhere. */
export function peakRssMiB(pid: number | undefined): number {
  try {
    const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return line ? Number(line[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}
