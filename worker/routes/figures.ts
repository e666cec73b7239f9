/**
 * @module POST /api/v1/figures: many live figures in one request, for the workbook's custom
 * functions (=CONGDOAN.SO(…)): Excel recalculates hundreds of cells at once and the add-in sends
 * them as one batch. Each figure is a row's consolidated value or a coverage count of a unit's
 * rollup, of a period or of the period before it; each that cannot be given says why with the
 * error code and texts it would have had on its own, and never stops the others.
 */
import { figuresRequestSchema, figuresResponseSchema } from '../../shared/api-schemas.ts'
import type { FigureRequest, FigureResult, Period } from '../../shared/api-schemas.ts'
import { figureOf, findRow, formOfRow } from '../../shared/analysis/figures.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { previousComparablePeriod } from '../../shared/periods.ts'
import type { UnitRollup } from '../../shared/rollup.ts'
import type { Services, Session } from '../context.ts'
import { ApiError } from '../errors.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { visibleUnit } from '../access.ts'
import { unitTotals } from '../consolidation.ts'
import { apiRoute, json } from './responses.ts'

/** One figure, or the ApiError that says why there is none. */
async function figure(
  services: Services,
  session: Session,
  periods: readonly Period[],
  rollups: Map<string, Promise<UnitRollup | undefined>>,
  ask: FigureRequest,
): Promise<FigureResult> {
  const measure = ask.measure ?? 'value'
  const asked = periods.find((p) => p.id === ask.period.trim().toUpperCase())
  if (!asked) {
    throw new ApiError('PERIOD_NOT_FOUND', { params: { period: ask.period } })
  }
  let period = asked
  if (ask.previous) {
    const before = previousComparablePeriod(asked.id, periods)
    if (!before) {
      throw new ApiError('NO_COMPARABLE_PERIOD', { params: { period: asked.id } })
    }
    period = before
  }
  let form: FormDefinition | undefined
  let rowCode: string | undefined
  if (ask.form !== undefined) {
    form = services.catalog.get(ask.form.trim().toUpperCase())
    if (!form) {
      throw new ApiError('FORM_NOT_FOUND', { params: { form: ask.form } })
    }
  }
  if (measure === 'value' || ask.row !== undefined) {
    const reference = ask.row ?? ''
    const found = form
      ? (() => {
          const row = findRow(form, reference)
          return row && { form, row }
        })()
      : formOfRow(services.catalog.list(), reference)
    if (!found) {
      throw new ApiError('ROW_NOT_FOUND', {
        params: {
          row: reference,
          form:
            form?.id ??
            services.catalog
              .list()
              .map((f) => f.id)
              .join('/'),
        },
      })
    }
    form = found.form
    rowCode = found.row.code
  }
  form ??= services.catalog.list()[0]!
  const tree = await services.units.treeAt(period.cutoff)
  const unit = visibleUnit(tree, session, ask.unit.trim().toUpperCase())
  const view = ask.view ?? 'latest'
  const key = `${period.id}|${form.id}|${view}|${unit.code}`
  let rollup = rollups.get(key)
  if (!rollup) {
    rollup = unitTotals(services, period, form, view, unit.code)
    rollups.set(key, rollup)
  }
  const found = await rollup
  if (!found) {
    throw new ApiError('UNIT_NOT_FOUND', { params: { unit: unit.code } })
  }
  return { value: figureOf(found, measure, rowCode), period: period.id, form: form.id }
}

export function figureRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'getFigures',
      method: 'post',
      path: '/api/v1/figures',
      tags: ['analysis'],
      summary: 'Nhiều số liệu tổng hợp một lần (hàm CONGDOAN trong Excel) / many figures at once',
      middleware: [requireSession(services)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: figuresRequestSchema } } },
      },
      responses: {
        200: json(
          figuresResponseSchema,
          'One result per figure asked, in order: a value or an error',
        ),
      },
    },
    [],
  )

  return newRouter().openapi(route, async (c) => {
    const session = c.get('session')
    const periods = await services.store.listPeriods()
    const rollups = new Map<string, Promise<UnitRollup | undefined>>()
    const figures: FigureResult[] = []
    // One after another: figures of the same rollup share its consolidation once it is made.
    for (const ask of c.req.valid('json').figures) {
      try {
        figures.push(await figure(services, session, periods, rollups, ask))
      } catch (error) {
        if (!(error instanceof ApiError)) {
          throw error
        }
        // `instanceof` narrows to ApiError<any>: name the code's type again.
        const { code, message, messageEn } = error as ApiError
        figures.push({ error: { code, message, messageEn } })
      }
    }
    return c.json({ figures, at: services.now().toISOString() }, 200)
  })
}
