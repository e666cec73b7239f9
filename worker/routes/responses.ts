/** @module The OpenAPI description of a JSON response, as every route file writes its responses. */
import type { z } from '@hono/zod-openapi'

/** A response whose body is JSON of `schema`. */
export const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
