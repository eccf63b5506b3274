/** API errors ({"error": {"code", "message", "field"}}) as exceptions, and their place in a form. */

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, error: ApiErrorBody) {
    super(error.message);
    this.name = "ApiProblem";
    this.status = status;
    this.code = error.code;
    this.field = error.field;
  }
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function errorBody(error: unknown, response: Response): ApiErrorBody {
  const inner = (error as { error?: Partial<ApiErrorBody> } | undefined)?.error;
  if (inner && typeof inner.message === "string") {
    return { code: inner.code ?? "error", message: inner.message, field: inner.field ?? undefined };
  }
  return { code: `http_${response.status}`, message: response.statusText || `HTTP ${response.status}` };
}

/** `data` of a successful call (204 → undefined), otherwise throws ApiProblem. */
export function unwrap<T>(result: FetchResult<T>): T {
  if (!result.response.ok) throw new ApiProblem(result.response.status, errorBody(result.error, result.response));
  return result.data as T;
}

/** Which message goes under which input: a problem naming `field` goes there, anything else to the form. */
export function fieldErrors(error: unknown, fields: readonly string[] = []) {
  const problem = error instanceof ApiProblem ? error : undefined;
  const field = problem?.field;
  const known = field !== undefined && (fields.length === 0 || fields.includes(field));
  return {
    problem,
    byField: (name: string): ApiProblem | undefined => (problem && known && field === name ? problem : undefined),
    formError: error && !known ? error : undefined,
  };
}
