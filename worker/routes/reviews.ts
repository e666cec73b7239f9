/**
 * @module POST …/review: an upper union accepts (duyệt) or returns (trả lại) the latest revision
 * of a report in its subtree, with a comment the reporting unit sees on its next GET.
 */
import { createRoute } from '@hono/zod-openapi'
import {
  errorBodySchema,
  reviewRequestSchema,
  reviewResponseSchema,
} from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError, errors } from '../errors.ts'
import { clientAddress, newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reviewableUnit } from '../access.ts'
import { reportTarget, submissionBody } from '../submit.ts'
import { reportParams } from './submissions.ts'
import { json } from './responses.ts'

export function reviewRoutes(services: Services) {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/review',
    tags: ['reviews'],
    summary: 'Duyệt hoặc trả lại báo cáo / accept or return a report',
    middleware: [requireSession(services)] as const,
    request: {
      params: reportParams,
      body: { required: true, content: { 'application/json': { schema: reviewRequestSchema } } },
    },
    responses: {
      200: json(reviewResponseSchema, 'Reviewed'),
      400: json(errorBodySchema, 'Malformed request'),
      401: json(errorBodySchema, 'No or bad token'),
      403: json(errorBodySchema, 'Not a strict ancestor of the unit'),
      404: json(errorBodySchema, 'Unknown unit, period or form, or nothing submitted'),
      409: json(errorBodySchema, 'Period closed'),
      422: json(errorBodySchema, 'A return without a comment'),
    },
  })

  return newRouter().openapi(route, async (c) => {
    const params = c.req.valid('param')
    const { decision, comment } = c.req.valid('json')
    const session = c.get('session')
    const { unit, period, form } = await reportTarget(services, session, params)
    reviewableUnit(await services.units.treeAt(period.cutoff), session, unit.code)
    if (decision === 'return' && comment.trim() === '') {
      throw new ApiError(
        422,
        'COMMENT_REQUIRED',
        'Khi trả lại báo cáo, hãy ghi rõ lý do để đơn vị sửa.',
        'Say why when returning a report, so the unit knows what to fix.',
      )
    }
    const result = await services.store.review({
      unit: unit.code,
      period: period.id,
      form: form.id,
      decision,
      comment: comment.trim(),
      reviewer: session.unit,
      reviewedAt: services.now().toISOString(),
      audit: {
        actor: session.unit,
        address: clientAddress(c),
        action: `review.${decision}`,
        target: `${unit.code}/${period.id}/${form.id}`,
        details: { comment: comment.trim() },
      },
    })
    if (result.kind === 'notFound') {
      throw errors.submissionNotFound()
    }
    if (result.kind === 'periodClosed') {
      throw errors.periodClosed(period.id)
    }
    const submission = submissionBody(result.revision)
    if (!submission.review) {
      throw new Error('a stored review is missing from its revision')
    }
    return c.json({ submission, review: submission.review }, 200)
  })
}
