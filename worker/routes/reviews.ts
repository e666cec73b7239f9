/**
 * @module POST …/review: an upper union accepts (duyệt) or returns (trả lại) the latest revision
 * of a report in its subtree, with a comment the reporting unit sees on its next GET.
 */
import { z } from '@hono/zod-openapi'
import { reviewRequestSchema, reviewResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { actingPerson, actorOf, reviewableUnit } from '../access.ts'
import { parseIfMatch, reportTarget, submissionBody } from '../submit.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { apiRoute, json } from './responses.ts'

const reviewHeaders = z.object({
  'if-match': z.string().optional().meta({
    description:
      'Phiên bản người duyệt đã xem / the revision the reviewer was shown ("3"); 409 REVIEW_CONFLICT when a newer one arrived',
    example: '"3"',
  }),
})

export function reviewRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'reviewReport',
      method: 'post',
      path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/review',
      tags: ['reviews'],
      summary: 'Duyệt hoặc trả lại báo cáo / accept or return a report',
      middleware: [requireSession(services)] as const,
      request: {
        params: reportParams,
        headers: reviewHeaders,
        body: { required: true, content: { 'application/json': { schema: reviewRequestSchema } } },
      },
      responses: {
        200: json(reviewResponseSchema, 'Reviewed'),
      },
    },
    [
      ...reportErrors,
      'OWN_REPORT',
      'ROLE_REQUIRED',
      'SUBMISSION_NOT_FOUND',
      'PERIOD_CLOSED',
      'COMMENT_REQUIRED',
      'INVALID_IF_MATCH',
      'REVIEW_CONFLICT',
    ],
  )

  return newRouter().openapi(route, async (c) => {
    const params = c.req.valid('param')
    const { decision, comment } = c.req.valid('json')
    const ifMatch = parseIfMatch(c.req.valid('header')['if-match'])
    const session = c.get('session')
    const { unit, period, form } = await reportTarget(services, session, params)
    reviewableUnit(await services.units.treeAt(period.cutoff), session, unit.code)
    if (decision === 'return' && comment.trim() === '') {
      throw new ApiError('COMMENT_REQUIRED')
    }
    const result = await services.store.review({
      unit: unit.code,
      period: period.id,
      form: form.id,
      decision,
      comment: comment.trim(),
      reviewer: session.unit,
      reviewerPerson: actingPerson(session),
      reviewedAt: services.now().toISOString(),
      ...(ifMatch === undefined ? {} : { ifMatch }),
      audit: {
        ...actorOf(session, clientAddress(c)),
        action: `review.${decision}`,
        target: `${unit.code}/${period.id}/${form.id}`,
        details: { comment: comment.trim() },
      },
    })
    if (result.kind === 'notFound') {
      throw new ApiError('SUBMISSION_NOT_FOUND')
    }
    if (result.kind === 'conflict') {
      throw new ApiError('REVIEW_CONFLICT', {
        params: { latest: result.latest },
        details: [{ latestRevision: result.latest }],
      })
    }
    if (result.kind === 'periodClosed') {
      throw new ApiError('PERIOD_CLOSED', { params: { period: period.id } })
    }
    const submission = submissionBody(result.revision)
    if (!submission.review) {
      throw new Error('a stored review is missing from its revision')
    }
    return c.json({ submission, review: submission.review }, 200)
  })
}
