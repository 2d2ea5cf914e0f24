import { createOrganisation, organisationCreateSchema } from '../../modules/accounts/index.ts';
import { parseInput } from '../../http/validation.ts';
import type { CliCommand } from '../command.ts';
import { options, required, tenantOrFail, withContext } from './shared.ts';

export const orgCreateCommand: CliCommand = {
  words: ['org', 'create'],
  usage: 'org create --tenant S --name N --sector X [--secrecy R] [--protocol-signed YYYY-MM-DD] [--json]',
  summary: 'create an organisation',
  async run(args, config, io) {
    const { values } = options(args, {
      tenant: { type: 'string' },
      name: { type: 'string' },
      sector: { type: 'string' },
      secrecy: { type: 'string' },
      'protocol-signed': { type: 'string' },
      json: { type: 'boolean' },
    });
    const input = parseInput(organisationCreateSchema, {
      name: required(values.name, 'name'),
      sector: required(values.sector, 'sector'),
      secrecyRegime: values.secrecy ?? 'none',
      ...(values['protocol-signed'] && { protocolSignedOn: values['protocol-signed'] }),
    });
    return withContext(config, async (ctx) => {
      const tenant = await tenantOrFail(ctx, required(values.tenant, 'tenant'));
      const organisation = await createOrganisation({ input }, ctx.system.operatorActor(tenant), ctx);
      io.out(values.json ? JSON.stringify({ id: organisation.id }) : `Created organisation ${organisation.name} (${organisation.id})`);
      return 0;
    });
  },
};
