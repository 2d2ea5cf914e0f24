import { ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { ChoiceGroup, TextArea } from '../../ui/form-controls.tsx';
import type { CandidateMember, PartnerTableRow } from './tables.queries.ts';
import { LEGAL_FRAMEWORKS, TABLE_AUDIENCES, TABLE_MEMBER_ROLES, type PartnerTableDetail, type TableRevision } from './tables.schemas.ts';

import { ConflictNotice, TableHistory } from './table-history.views.tsx';
import { ConfirmLink } from '../../ui/confirm.tsx';
import { ModalitiesConfirmation } from './table-modalities.views.tsx';
import type { TableModalities } from './view-table-modalities.ts';
/* The coordinator's screens as pure views of what the page handlers loaded. */

export interface FormState {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}

/** The labels of the table form's fields, for its error summary to name them. */
const tableLabels = (view: View) => ({
  name: view.t('tables.field.name'),
  audience: view.t('tables.field.audience'),
  purpose: view.t('tables.field.purpose'),
  legalFramework: view.t('tables.field.legal_framework'),
  modalities: view.t('tables.field.modalities'),
});

/** Name, audience, purpose, legal framework and modalities, with a plain-words hint under each. */
function TableFields({ view, form }: { view: View; form: FormState }) {
  const { values, errors } = form;
  return (
    <>
      <TextField
        name="name"
        label={view.t('tables.field.name')}
        hint={view.t('tables.name_hint')}
        values={values}
        errors={errors}
        required
        autocomplete="off"
      />
      <ChoiceGroup
        name="audience"
        legend={view.t('tables.field.audience')}
        hint={view.t('tables.audience_hint')}
        form={{ values: values, errors: errors }}
        required
        options={TABLE_AUDIENCES.map((value) => ({ value, label: view.t(`tables.audience.${value}`) }))}
      />
      <TextArea
        name="purpose"
        label={view.t('tables.field.purpose')}
        hint={view.t('tables.purpose_hint')}
        form={{ values: values, errors: errors }}
        required
        maxLength={2000}
      />
      <ChoiceGroup
        name="legalFramework"
        legend={view.t('tables.field.legal_framework')}
        hint={view.t('tables.legal_framework_hint')}
        form={{ values: values, errors: errors }}
        required
        options={LEGAL_FRAMEWORKS.map((value) => ({ value, label: view.t(`tables.legal_framework.${value}`) }))}
      />
      <TextArea
        name="modalities"
        label={view.t('tables.field.modalities')}
        hint={view.t('tables.modalities_hint')}
        form={{ values: values, errors: errors }}
        maxLength={4000}
        rows={6}
      />
    </>
  );
}

export function TableList({
  view,
  tables,
  memberCounts,
  form,
}: {
  view: View;
  tables: PartnerTableRow[];
  memberCounts: Map<string, number>;
  form: FormState;
}) {
  return (
    <Layout view={view} title={view.t('tables.title')}>
      <h1>{view.t('tables.title')}</h1>
      <p>{view.t('tables.intro')}</p>
      {tables.length === 0 ? (
        <p>{view.t('tables.empty')}</p>
      ) : (
        <table>
          <caption>{view.t('tables.caption', { count: tables.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('tables.field.name')}</th>
              <th scope="col">{view.t('tables.field.audience')}</th>
              <th scope="col">{view.t('tables.field.legal_framework')}</th>
              <th scope="col">{view.t('tables.members_column')}</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((table) => (
              <tr>
                <th scope="row">
                  <a href={`/tables/${table.id}`}>{table.name}</a>
                </th>
                <td>{view.t(`tables.audience.${table.audience}`)}</td>
                <td>{view.t(`tables.legal_framework.${table.legal_framework}`)}</td>
                <td>{memberCounts.get(table.id) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-table-heading">
        <h2 id="new-table-heading">{view.t('tables.new_title')}</h2>
        <ErrorSummary view={view} errors={form.errors} labels={tableLabels(view)} />
        <Form view={view} action="/tables">
          <TableFields view={view} form={form} />
          <SubmitButton label={view.t('tables.create')} />
        </Form>
      </section>
    </Layout>
  );
}

function MemberList({ view, table }: { view: View; table: PartnerTableDetail }) {
  if (table.members.length === 0) return <p>{view.t('tables.members_empty')}</p>;
  return (
    <table>
      <caption>{view.t('tables.members_caption', { count: table.members.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{view.t('field.name')}</th>
          <th scope="col">{view.t('field.organisation')}</th>
          <th scope="col">{view.t('tables.field.member_role')}</th>
          <th scope="col">{view.t('tables.modalities_column', { version: table.modalitiesVersion })}</th>
          <th scope="col">{view.t('tables.actions_column')}</th>
        </tr>
      </thead>
      <tbody>
        {table.members.map((member) => (
          <tr>
            <th scope="row">{member.name}</th>
            <td>{member.organisationName}</td>
            <td>{view.t(`tables.member_role.${member.role}`)}</td>
            <td>
              {table.modalitiesVersion === 0
                ? view.t('tables.modalities_nothing_to_confirm')
                : view.t(member.modalitiesConfirmed ? 'tables.modalities_member_confirmed' : 'tables.modalities_member_pending')}
            </td>
            <td>
              <ConfirmLink
                href={`/tables/${table.id}/members/${member.userId}/remove?role=${member.role}`}
                label={view.t('tables.remove_member')}
                accessibleName={view.t('tables.remove_member_named', { name: member.name, role: view.t(`tables.member_role.${member.role}`) })}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddMember({ view, table, candidates, form }: { view: View; table: PartnerTableDetail; candidates: CandidateMember[]; form: FormState }) {
  if (candidates.length === 0) return <p>{view.t('tables.no_candidates')}</p>;
  return (
    <>
      <ErrorSummary view={view} errors={form.errors} labels={{ userId: view.t('tables.field.member'), role: view.t('tables.field.member_role') }} />
      <Form view={view} action={`/tables/${table.id}/members`}>
        <SelectField
          name="userId"
          label={view.t('tables.field.member')}
          hint={view.t('tables.member_hint')}
          values={form.values}
          errors={form.errors}
          required
          placeholder={view.t('form.choose')}
          options={candidates.map((user) => ({
            value: user.id,
            label: view.t('tables.member_option', { name: user.name, organisation: user.organisationName }),
          }))}
        />
        <ChoiceGroup
          name="role"
          legend={view.t('tables.field.member_role')}
          hint={view.t('tables.member_role_hint')}
          form={{ values: form.values, errors: form.errors }}
          required
          options={TABLE_MEMBER_ROLES.map((value) => ({ value, label: view.t(`tables.member_role.${value}`) }))}
        />
        <SubmitButton label={view.t('tables.add_member')} />
      </Form>
    </>
  );
}

export function TableDetail(props: {
  view: View;
  table: PartnerTableDetail;
  candidates: CandidateMember[];
  revisions: readonly TableRevision[];
  edit: FormState;
  add: FormState;
  /** The edit was made against an older version: what the coordinator typed, next to the current values. */
  conflict?: FormValues | undefined;
  /** The coordinator's own view of the modalities: a confirm notice where they sit at the table. */
  modalities: TableModalities;
}) {
  const { view, table, conflict } = props;
  const edit = conflict ? { values: conflict, errors: {} } : props.edit;
  // After a conflict the form is saved against the current version (replacing it is then a choice);
  // after a mere validation error it keeps the version the coordinator started from.
  const typedVersion = edit.values.version;
  const version = !conflict && typeof typedVersion === 'string' ? typedVersion : String(table.version);
  return (
    <Layout view={view} title={table.name}>
      <p>
        <a href="/tables">{view.t('tables.back')}</a>
      </p>
      <h1>{table.name}</h1>
      <p>
        <a href={`/tables/${table.id}/meetings`}>{view.t('meetings.link_from_table')}</a>
      </p>
      {props.modalities.member && props.modalities.modalitiesVersion > 0 && (
        <section aria-labelledby="modalities-heading">
          <h2 id="modalities-heading">{view.t('tables.field.modalities')}</h2>
          <div class="text-block">{table.modalities}</div>
          <ModalitiesConfirmation view={view} modalities={props.modalities} />
        </section>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{view.t('tables.members_title')}</h2>
        <p class="hint">{view.t('tables.members_hint')}</p>
        <MemberList view={view} table={table} />
        <h3>{view.t('tables.add_member_title')}</h3>
        <AddMember view={view} table={table} candidates={props.candidates} form={props.add} />
      </section>
      <section aria-labelledby="edit-table-heading">
        <h2 id="edit-table-heading">{view.t('tables.edit_title')}</h2>
        {conflict && <ConflictNotice view={view} table={table} input={conflict} />}
        <ErrorSummary view={view} errors={edit.errors} labels={tableLabels(view)} />
        <Form view={view} action={`/tables/${table.id}`}>
          <input type="hidden" name="version" value={version} />
          <TableFields view={view} form={edit} />
          <SubmitButton label={view.t('form.save')} />
        </Form>
      </section>
      <TableHistory view={view} revisions={props.revisions} />
    </Layout>
  );
}
