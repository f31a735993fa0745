/**
 * `npm run banshi -- <command>`: the runtime's commands, which open its database (verify, backup, restore), go to
 * their rooms under runtime/src/platform; the language's (check, compile, fmt, calendar) to dsl/src/cli/main.ts,
 * since the language must not import the runtime.
 */
const argv = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
switch (argv[0]) {
  case 'verify': {
    const { verifyCommand } = await import('../runtime/src/platform/integrity/cli.ts');
    const { archivesCheck } = await import('../runtime/src/archives/cli.ts');
    const { documentsCheck } = await import('../runtime/src/documents/check.ts');
    process.exitCode = await verifyCommand(argv, process.env, out, err, [documentsCheck, archivesCheck]);
    break;
  }
  case 'archive': {
    const { archiveCommand } = await import('../runtime/src/archives/cli.ts');
    process.exitCode = await archiveCommand(argv, process.env, out, err);
    break;
  }
  case 'checkpoint': {
    const { checkpointCommand } = await import('../runtime/src/platform/integrity/checkpoints-cli.ts');
    process.exitCode = await checkpointCommand(argv, process.env, out, err);
    break;
  }
  case 'backup':
  case 'restore': {
    const { backupCommand } = await import('../runtime/src/platform/backup/cli.ts');
    process.exitCode = await backupCommand(argv, process.env, out, err);
    break;
  }
  case 'seal-keys': {
    const { sealKeysCommand } = await import('../runtime/src/platform/seal/cli.ts');
    process.exitCode = await sealKeysCommand(argv, process.env, out, err);
    break;
  }
  default:
    await import('../dsl/src/cli/main.ts');
}
