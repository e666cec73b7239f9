/**
 * @module Holds every answer a worker test receives to the worker's own contract (`/openapi.json`):
 * the status is declared for the operation, the content type is one it declares, a JSON body fits
 * its schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 has it), an error's code is one the
 * operation lists for that status, the required headers are there and fit, and no header of the
 * contract's (ETag, Retry-After…) comes back where the contract does not declare it. A route that
 * drifts from its contract fails the test that called it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

interface HeaderObject {
  required?: boolean
  schema?: object
}
interface ResponseObject {
  description: string
  headers?: Record<string, HeaderObject>
  content?: Record<string, { schema?: object }>
}
interface Operation {
  operationId: string
  responses: Record<string, ResponseObject>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas?: Record<string, object> }
}

/** One answer that does not keep to the contract. */
export class ContractViolation extends Error {
  override name = 'ContractViolation'
}

/** A fetch function, as Hono's `app.fetch`. */
type Fetch = (request: Request, env?: unknown, context?: never) => Response | Promise<Response>

interface Route {
  method: string
  pattern: RegExp
  template: string
  operation: Operation
}

/** The checker of one contract: its operations matched by path, its schemas compiled once. */
export interface Contract {
  /** The problems of one answer to one request; none when it keeps to the contract. */
  problems(request: Request, response: Response): Promise<string[]>
}

function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

function errorCodesOf(response: ResponseObject): string[] {
  return [...response.description.matchAll(/`([A-Z][A-Z_]+)`/g)].map((match) => match[1] ?? '')
}

const rebased = (schema: object, base: string): object =>
  JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}#/$defs/`),
  ) as object

/**
 * An Ajv over the contract's schemas (`contract#/$defs/Name`), strict: a keyword it does not know
 * is an error, save OpenAPI's annotations `example` and `discriminator` (whose `mapping` Ajv
 * cannot use; the `oneOf` beside it decides).
 */
export function contractAjv(document: Pick<Document, 'components'>): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addVocabulary(['example', 'discriminator'])
  ajv.addSchema({ $id: 'contract', $defs: rebased(document.components.schemas ?? {}, '') })
  return ajv
}

/** Reads a contract and prepares its checks. */
export function contractOf(document: Document): Contract {
  const ajv = contractAjv(document)
  const validators = new Map<string, ValidateFunction>()
  const validator = (key: string, schema: object) => {
    let validate = validators.get(key)
    if (!validate) {
      validate = ajv.compile(rebased(schema, 'contract'))
      validators.set(key, validate)
    }
    return validate
  }

  const routes: Route[] = Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      pattern: pathPattern(template),
      template,
      operation,
    })),
  )
  // Every header the contract declares anywhere: one that comes back undeclared is a drift.
  const contractHeaders = new Set(
    routes.flatMap((route) =>
      Object.values(route.operation.responses).flatMap((response) =>
        Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()),
      ),
    ),
  )

  return {
    async problems(request, response) {
      const url = new URL(request.url)
      const route = routes.find(
        (candidate) => candidate.method === request.method && candidate.pattern.test(url.pathname),
      )
      if (!route) {
        return []
      }
      const where = `${request.method} ${url.pathname} (${route.operation.operationId})`
      const declared = route.operation.responses[String(response.status)]
      if (!declared) {
        const body = await response.clone().text()
        return [`${where}: status ${response.status} is not declared: ${body.slice(0, 300)}`]
      }
      const problems: string[] = []
      const key = `${route.method} ${route.template} ${response.status}`

      for (const [name, header] of Object.entries(declared.headers ?? {})) {
        const value = response.headers.get(name)
        if (value === null) {
          if (header.required) {
            problems.push(`${where}: ${response.status} lacks the header ${name}`)
          }
        } else if (header.schema) {
          const validate = validator(`${key} header ${name}`, header.schema)
          if (!validate(value)) {
            problems.push(`${where}: header ${name}: ${ajv.errorsText(validate.errors)}`)
          }
        }
      }
      const declaredNames = new Set(
        Object.keys(declared.headers ?? {}).map((name) => name.toLowerCase()),
      )
      for (const [name] of response.headers) {
        if (contractHeaders.has(name) && !declaredNames.has(name)) {
          problems.push(`${where}: ${response.status} sets ${name}, not declared for it`)
        }
      }

      const type = response.headers.get('content-type')?.split(';')[0]?.trim()
      const content = declared.content ?? {}
      if (type === undefined) {
        if (Object.keys(content).length > 0 && response.body !== null) {
          problems.push(`${where}: ${response.status} has a body without a content type`)
        }
        return problems
      }
      const media = content[type]
      if (!media) {
        problems.push(
          `${where}: ${response.status} answers ${type}, declared: ${Object.keys(content).join(', ') || 'no body'}`,
        )
        return problems
      }
      if (type === 'application/json' && media.schema) {
        const body: unknown = await response.clone().json()
        const validate = validator(`${key} body`, media.schema)
        if (!validate(body)) {
          problems.push(
            `${where}: ${response.status} body: ${ajv.errorsText(validate.errors)}: ${JSON.stringify(body).slice(0, 300)}`,
          )
        }
        const codes = errorCodesOf(declared)
        const code = (body as { error?: { code?: unknown } } | null)?.error?.code
        if (codes.length > 0 && typeof code === 'string' && !codes.includes(code)) {
          problems.push(
            `${where}: ${response.status} ${code} is not among the declared ${codes.join(', ')}`,
          )
        }
      }
      return problems
    },
  }
}

let shared: Promise<Contract> | undefined

/**
 * Wraps an app's `fetch` so that every answer is held to the app's own `/openapi.json`; an answer
 * that does not keep to it makes the request throw a ContractViolation naming the difference.
 * The contract is read once per test file (every app of the worker serves the same one).
 *
 * @example
 * const app = checkedByContract(createApp(deps))
 * await app.request('/api/v1/periods') // throws when the answer drifts from the contract
 */
export function checkedByContract<A extends { fetch: Fetch }>(app: A): A {
  const fetch = app.fetch.bind(app)
  shared ??= Promise.resolve(fetch(new Request('http://localhost/openapi.json')))
    .then((response) => response.json())
    .then((document) => contractOf(document as Document))
  const contract = shared
  app.fetch = async (request, env, context) => {
    const response = await fetch(request, env, context)
    const problems = await (await contract).problems(request, response)
    if (problems.length > 0) {
      throw new ContractViolation(problems.join('\n'))
    }
    return response
  }
  return app
}
