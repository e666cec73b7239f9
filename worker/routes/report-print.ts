/**
 * @module GET …/print.xlsx: a submitted report as its printed form (bản in), the template of the
 * form version it was submitted in, filled with its figures and notes, the name of the person who
 * submitted it under "NGƯỜI LẬP BIỂU" (a dotted line when a unit key did), and under the
 * signatures the revision and, once reviewed, who accepted or returned it, when, and why.
 */
import { z } from '@hono/zod-openapi'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reportTarget } from '../submit.ts'
import { templateWorkbook } from '../xlsx/template.ts'
import { actedByWithUnit } from '../../shared/accounts.ts'
import { vietnamDateTime } from '../../shared/periods.ts'
import type { UnitTree } from '../../shared/unit-tree.ts'
import type { StoredRevision } from '../store/store.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { apiRoute, headers } from './responses.ts'

/** The line under the signatures: the revision, when it came, and its review. */
export function reviewLine(revision: StoredRevision, tree: UnitTree): string {
  const sent = `Phiên bản ${revision.revision}, gửi lúc ${vietnamDateTime(revision.submittedAt)}.`
  const review = revision.review
  if (!review) {
    return `${sent} Chờ cấp trên duyệt.`
  }
  const who = actedByWithUnit(
    tree.get(review.reviewer)?.name ?? review.reviewer,
    review.reviewerPerson,
  )
  const at = vietnamDateTime(review.reviewedAt)
  return review.decision === 'accept'
    ? `${sent} Đã duyệt: ${who}, lúc ${at}.${review.comment ? ` Nhận xét: ${review.comment}` : ''}`
    : `${sent} Trả lại: ${who}, lúc ${at}. Nhận xét: ${review.comment}`
}

export function reportPrintRoutes(services: Services) {
  const print = apiRoute(
    {
      operationId: 'printReport',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/print.xlsx',
      tags: ['submissions'],
      summary: 'Bản in báo cáo đã gửi (Excel, A4) / the submitted report as its printed form',
      middleware: [requireSession(services)] as const,
      request: {
        params: reportParams,
        query: z.object({
          revision: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .meta({ description: 'Phiên bản cần in; mặc định bản mới nhất / default the latest' }),
        }),
      },
      responses: {
        200: {
          description:
            'The form filled with the revision: the submitter under NGƯỜI LẬP BIỂU (dotted for a unit key), the reviewer below the signatures',
          headers: headers(['Content-Disposition', 'Cache-Control']),
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().meta({ format: 'binary' }),
            },
          },
        },
      },
    },
    [...reportErrors, 'SUBMISSION_NOT_FOUND', 'SERVER_BUSY'],
  )

  return newRouter().openapi(print, async (c) => {
    const {
      unit,
      period,
      form: latestForm,
    } = await reportTarget(services, c.get('session'), c.req.valid('param'))
    const { revision: wanted } = c.req.valid('query')
    const revision =
      wanted === undefined
        ? await services.store.latestRevision(unit.code, period.id, latestForm.id)
        : (await services.store.revisions(unit.code, period.id, latestForm.id)).find(
            (r) => r.revision === wanted,
          )
    if (!revision) {
      throw new ApiError('SUBMISSION_NOT_FOUND')
    }
    const form = services.catalog.get(latestForm.id, revision.formVersion) ?? latestForm
    const tree = await services.units.treeAt(period.cutoff)
    const upper = unit.parent ? tree.get(unit.parent) : undefined
    const options = {
      unitCode: unit.code,
      unitName: unit.name,
      ...(upper ? { upperUnitName: upper.name } : {}),
      periodId: period.id,
      cutoff: period.cutoff,
      preparedBy: revision.submittedByPerson?.name ?? null,
      reviewLine: reviewLine(revision, tree),
    }
    const bytes = await services.heavy.run(() =>
      templateWorkbook(form, options, { values: revision.values, notes: revision.notes }),
    )
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="bao-cao-${form.id}-${unit.code}-${period.id}-v${revision.revision}.xlsx"`,
      'Cache-Control': 'no-store',
    })
  })
}
