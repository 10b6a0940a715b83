// The `signet` command line: one function, testable in-process, that returns the exit code.
import { frameworks } from '@signet/schemas';
import { CliError } from './cli-error.ts';
import { createAppCommand, createAppUsage, type CreateAppIo } from './create-app.ts';

export const usage = `Usage: npm run signet -- <command> [options]

Commands:
  create-app   create an application for a framework and print the env vars to paste
  frameworks   list the frameworks create-app knows
  help         this text ("help create-app" for the command's options)
`;

function listFrameworks(io: CreateAppIo): void {
  for (const framework of frameworks) {
    const ids = framework.variants ? framework.variants.map((variant) => `${framework.id}-${variant.id}`) : [framework.id];
    for (const id of ids) io.stdout(`${id.padEnd(16)} ${framework.name.padEnd(24)} ${framework.type}\n`);
  }
}

export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CreateAppIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create-app':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout(createAppUsage);
          return 0;
        }
        await createAppCommand(rest, env, io);
        return 0;
      case 'frameworks':
        listFrameworks(io);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        io.stdout(rest[0] === 'create-app' ? createAppUsage : usage);
        return 0;
      default:
        io.stderr(`${command === undefined ? 'no command given' : `unknown command "${command}"`}\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`signet: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
