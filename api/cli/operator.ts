// `npm run operator -- add <email> --role admin|operator`   adds an operator (password from
//                                                          OPERATOR_PASSWORD, else generated and printed)
// `npm run operator -- token <email> [--name <name>]`       prints a new API token as the last word
import { bootContext } from '../boot';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import { AppError, ValidationError } from '../errors';
import { createApiToken } from '../services/auth/api-tokens';
import { createOperator, findOperatorByEmail } from '../services/auth/operators';
import { generatePassword } from '../services/auth/password';

const USAGE = `Usage:
  npm run operator -- add <email> --role admin|operator   (password from OPERATOR_PASSWORD, else generated)
  npm run operator -- token <email> [--name <name>]       (prints a new API token, shown once)`;
const CLI = { actor: 'cli' };

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function addOperator(ctx: AppContext, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const email = args[0];
  const role = option(args, 'role') ?? 'operator';
  const typed = env.OPERATOR_PASSWORD;
  const password = typed || generatePassword();
  const op = await createOperator(ctx, { email, role, password }, CLI);
  console.log(`Added ${op.role} ${op.email}.`);
  if (!typed) console.log(`Password (shown only now): ${password}`);
}

function issueToken(ctx: AppContext, args: string[]): void {
  const email = args[0] ?? '';
  const operator = findOperatorByEmail(ctx, email);
  if (!operator) throw new AppError(`No operator with the e-mail address "${email}"`);
  const name = option(args, 'name') ?? `cli ${ctx.clock.now().toISOString().slice(0, 16)}`;
  const { token } = createApiToken(ctx, { operatorId: operator.id, name }, CLI);
  console.log(`API token "${name}" for ${operator.email} (shown only now; send as Authorization: Bearer <token>):`);
  console.log(token);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command !== 'add' && command !== 'token') {
    console.error(USAGE);
    return 2;
  }
  if (!args[0] || args[0].startsWith('--')) {
    console.error(`Missing e-mail address.\n${USAGE}`);
    return 2;
  }
  const boot = bootContext(loadConfig());
  try {
    if (command === 'add') await addOperator(boot.ctx, args, process.env);
    else issueToken(boot.ctx, args);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) console.error(err.issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    else if (err instanceof AppError) console.error(err.message);
    else throw err;
    return 1;
  } finally {
    boot.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
