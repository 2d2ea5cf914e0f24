import { createUser, userCreateSchema, password as passwordSchema } from '../../modules/accounts/index.ts';
import { parseInput } from '../../http/validation.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, required, tenantOrFail, withContext } from './shared.ts';

export const userCreateCommand: CliCommand = {
  words: ['user', 'create'],
  usage: 'user create --tenant S --org ID --email E --name N --role R [--role R2] [--locale L] [--allow-combined-roles] --password-stdin --json',
  summary:
    'create a user, enrolled in MFA; prints the otpauth URI and recovery codes once. A case role (coordinator, professional, minute_taker) beside admin or dpo needs --allow-combined-roles (audited)',
  async run(args, config, io) {
    const { values } = options(args, {
      tenant: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      locale: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'allow-combined-roles': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const input = parseInput(userCreateSchema, {
      email: required(values.email, 'email'),
      name: required(values.name, 'name'),
      organisationId: required(values.org, 'org'),
      roles: values.role ?? [],
      ...(values.locale && { locale: values.locale }),
    });
    let password: string | undefined;
    if (values['password-stdin']) {
      const parsed = passwordSchema.safeParse((await io.readStdin()).replace(/\r?\n$/, ''));
      if (!parsed.success) throw new CliError('The password on standard input must have 12 to 128 characters');
      password = parsed.data;
    }
    return withContext(config, async (ctx) => {
      const tenant = await tenantOrFail(ctx, required(values.tenant, 'tenant'));
      const created = await createUser(
        {
          input,
          enrolMfa: true,
          issuer: `Partnertafel ${tenant.name}`,
          allowCombinedRoles: values['allow-combined-roles'] === true,
          ...(password !== undefined && { password }),
        },
        ctx.system.operatorActor(tenant),
        ctx,
      );
      const answer = { id: created.user.id, otpauthUri: created.otpauthUri, recoveryCodes: created.recoveryCodes };
      if (values.json) io.out(JSON.stringify(answer));
      else {
        io.out(`Created user ${created.user.email} (${created.user.id})`);
        io.out(`Authenticator key (shown once): ${created.otpauthUri}`);
        io.out(`Recovery codes (shown once): ${created.recoveryCodes?.join(' ')}`);
      }
      return 0;
    });
  },
};
