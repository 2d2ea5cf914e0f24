import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { formValues, sendPage, viewFor } from '../../http/render.ts';
import { isAppError, type FieldIssue } from '../../platform/errors.ts';
import { HSDS_BODY_LIMIT } from './directory.routes.ts';
import { ImportPage, type ImportState } from './directory.views.tsx';
import { importHsds } from './import-hsds.ts';

/** A chosen file, as the multipart parser hands it to the route (never more than HSDS_BODY_LIMIT bytes held). */
class UploadedFile {
  constructor(
    readonly filename: string,
    readonly content: Buffer,
    /** The file was larger than the limit: only its first part was read, and it is not used. */
    readonly tooLarge: boolean,
  ) {}
  /** The browser sends an empty part when no file was chosen. */
  get chosen(): boolean {
    return this.filename !== '' || this.content.length > 0;
  }
}

/** An import problem as the coordinator reads it: "Service 2 — name: This field is required." */
function importProblem(request: FastifyRequest, issue: FieldIssue): string {
  const message = request.t(issue.messageKey, issue.values);
  const match = /^(\d+)(?:\.(.+))?$/.exec(issue.path);
  if (!match) return issue.path ? `${issue.path}: ${message}` : message;
  return request.t('directory.import.problem', { number: Number(match[1]) + 1, field: match[2] ?? '—', message });
}

/** The file's text as JSON (a byte-order mark from a Windows tool is tolerated), or undefined. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return undefined;
  }
}

/**
 * The coordinator's HSDS import page: a file chooser (multipart/form-data) or the pasted document
 * (either encoding), both with the API's limit (16 MiB). The multipart parser lives in a plugin scope
 * of its own, so no other route of the app accepts multipart bodies; its fields land in the body before
 * the CSRF check reads `_csrf`. All or nothing: any refusal lists its problems and stores nothing.
 */
export async function registerDirectoryImportPage(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): Promise<void> {
  const maxMiB = HSDS_BODY_LIMIT / (1024 * 1024);
  const sendImport = (request: FastifyRequest, reply: FastifyReply, state: ImportState, status = 200) =>
    sendPage(reply, ImportPage({ view: viewFor(request, reply, cookies), state, maxMiB }), status);

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      // A bigger file is cut off at the limit and refused with a message, never an error page.
      throwFileSizeLimit: false,
      limits: { fileSize: HSDS_BODY_LIMIT, fieldSize: HSDS_BODY_LIMIT, files: 1, fields: 4, parts: 5 },
      async onFile(part: MultipartFile) {
        const content = await part.toBuffer();
        const tooLarge = part.file.truncated;
        (part as MultipartFile & { value: UploadedFile }).value = new UploadedFile(part.filename, tooLarge ? Buffer.alloc(0) : content, tooLarge);
      },
    });

    scope.get('/directory/import', async (request, reply) => {
      const actor = requirePageActor(request);
      authorize(actor, 'directory.import');
      return sendImport(request, reply, { form: { values: {}, errors: {} }, problems: [], result: null });
    });

    scope.post('/directory/import', { bodyLimit: HSDS_BODY_LIMIT }, async (request, reply) => {
      const actor = requirePageActor(request);
      authorize(actor, 'directory.import');
      const values = formValues(request.body);
      const upload = (request.body as Record<string, unknown> | undefined)?.file;
      const file = upload instanceof UploadedFile && upload.chosen ? upload : undefined;
      // The pasted text is shown again after a refusal; a file's content never is.
      const refuse = (field: 'file' | 'document', key: string, problems: string[] = []) =>
        sendImport(
          request,
          reply,
          {
            form: { values: field === 'document' ? values : {}, errors: { [field]: request.t(key, { count: problems.length, max: maxMiB }) } },
            problems,
            result: null,
          },
          // 400, not 413: htmx swaps a 400 page in (layout.tsx's responseHandling), so the message is seen.
          400,
        );
      let parsed: { value: unknown } | undefined;
      const field = file ? 'file' : 'document';
      if (file) {
        if (file.tooLarge) return refuse('file', 'directory.import.too_large');
        parsed = parseJson(file.content.toString('utf8'));
        if (!parsed) return refuse('file', 'directory.import.file_not_json');
      } else {
        const text = typeof values.document === 'string' ? values.document : '';
        if (text.trim() === '') return refuse('file', 'directory.import.empty');
        parsed = parseJson(text);
        if (!parsed) return refuse('document', 'directory.import.not_json');
      }
      try {
        const result = await importHsds({ document: parsed.value }, actor, ctx);
        return sendImport(request, reply, { form: { values: {}, errors: {} }, problems: [], result });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation_failed') throw error;
        return refuse(
          field,
          'directory.import.invalid',
          error.issues.map((issue) => importProblem(request, issue)),
        );
      }
    });
  });
}
