/**
 * @module What the pane downloads before its sign-in can be used: neither zod nor the upper
 * union's part, which come in chunks loaded later (scripts/build.ts). A clerk on a slow link
 * waits for every byte of it; a static import from the pane's first modules into a zod schema
 * brought 40 KB gz back once, so the path is named when it happens again.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Each module the entry loads before it runs, with the chain of static imports that brings it. */
function staticGraph(metafile: Metafile, entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>([[entry, [entry]]])
  const queue = [entry]
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const imported of metafile.inputs[at]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !reached.has(imported.path)) {
        reached.set(imported.path, [...(reached.get(at) ?? []), imported.path])
        queue.push(imported.path)
      }
    }
  }
  return reached
}

describe("the pane's first download", () => {
  it('holds neither zod nor the upper union’s part, which are loaded when wanted', async () => {
    const entry = 'addin/taskpane/taskpane.ts'
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, entry)],
      bundle: true,
      write: false,
      format: 'esm',
      splitting: true,
      outdir: join(root, 'dist', 'first-download-test'),
      metafile: true,
      logLevel: 'silent',
    })
    const graph = staticGraph(result.metafile, entry)
    const unwanted = [...graph.entries()]
      .filter(([path]) => /node_modules\/zod\/|addin\/taskpane\/upper\.ts$/.test(path))
      .map(([, chain]) => chain.join(' → '))
    expect(unwanted.slice(0, 3)).toEqual([])
    // Both are there, behind a dynamic import.
    const all = Object.keys(result.metafile.inputs)
    expect(all.some((path) => path.includes('node_modules/zod/'))).toBe(true)
    expect(all).toContain('addin/taskpane/upper.ts')
  })
})
