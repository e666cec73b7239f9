/**
 * @module Draws the add-in's icons (a union-blue rounded square with a white bar chart and a red
 * base line) at 16, 32, 64 and 80 px into addin/assets/, as PNGs written with node's zlib.
 * Run: node --import tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'

type Rgba = [number, number, number, number]

const BLUE: Rgba = [0, 82, 155, 255]
const WHITE: Rgba = [255, 255, 255, 255]
const RED: Rgba = [218, 37, 29, 255]
const CLEAR: Rgba = [0, 0, 0, 0]

/** The drawing in unit coordinates (0..1), so every size comes from one design. */
function colourAt(x: number, y: number): Rgba {
  const radius = 0.2
  const cx = Math.min(Math.max(x, radius), 1 - radius)
  const cy = Math.min(Math.max(y, radius), 1 - radius)
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) {
    return CLEAR
  }
  const bars: [number, number, number][] = [
    [0.2, 0.36, 0.55],
    [0.42, 0.58, 0.3],
    [0.64, 0.8, 0.42],
  ]
  for (const [left, right, top] of bars) {
    if (x >= left && x < right && y >= top && y < 0.74) {
      return WHITE
    }
  }
  if (x >= 0.16 && x < 0.84 && y >= 0.76 && y < 0.84) {
    return RED
  }
  return BLUE
}

/** RGBA pixels, each the mean of 4×4 samples so small sizes stay smooth. */
function draw(size: number): Buffer {
  const samples = 4
  const pixels = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0]
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
          const alpha = c[3] / 255
          sum[0]! += c[0] * alpha
          sum[1]! += c[1] * alpha
          sum[2]! += c[2] * alpha
          sum[3]! += c[3]
        }
      }
      const n = samples * samples
      const alpha = sum[3]! / n
      const at = (py * size + px) * 4
      const unpremultiply = alpha > 0 ? 255 / alpha : 0
      pixels[at] = Math.round((sum[0]! / n) * unpremultiply)
      pixels[at + 1] = Math.round((sum[1]! / n) * unpremultiply)
      pixels[at + 2] = Math.round((sum[2]! / n) * unpremultiply)
      pixels[at + 3] = Math.round(alpha)
    }
  }
  return pixels
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG file of RGBA pixels: each scanline prefixed by filter type 0. */
export function encodePng(size: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8
  header[9] = 6
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export const ICON_SIZES = [16, 32, 64, 80] as const

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../addin/assets/', import.meta.url))
  mkdirSync(out, { recursive: true })
  for (const size of ICON_SIZES) {
    writeFileSync(`${out}icon-${size}.png`, encodePng(size, draw(size)))
    console.log(`addin/assets/icon-${size}.png`)
  }
}
