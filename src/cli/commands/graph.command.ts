import { EXIT } from '../cli.errors.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';

/** `heads`: the heads of each chosen migration set. */
export async function headsCommand(env: CommandEnv): Promise<number> {
  const sets = await codeOfChosen(env);
  if (env.json) {
    env.out(JSON.stringify({ sets: sets.map((code) => ({ name: code.name, heads: code.graph.heads() })) }));
    return EXIT.ok;
  }
  for (const code of sets) {
    const heads = code.graph.heads();
    env.out(cliMessages.headsOf(code.name, heads.length));
    for (const id of heads) env.out(cliMessages.headLine(id, code.entry(id).message));
  }
  return EXIT.ok;
}

/** `history [--verbose]`: every revision of each chosen set, newest first. */
export async function historyCommand(env: CommandEnv, verbose: boolean): Promise<number> {
  const sets = await codeOfChosen(env);
  const rows = sets.map((code) => ({
    name: code.name,
    revisions: code.graph
      .topologicalOrder()
      .reverse()
      .map((id) => ({ ...code.entry(id), head: code.graph.heads().includes(id) })),
  }));
  if (env.json) {
    env.out(JSON.stringify({ sets: rows }));
    return EXIT.ok;
  }
  for (const set of rows) {
    env.out(cliMessages.historyOf(set.name));
    for (const r of set.revisions) {
      env.out(cliMessages.historyLine(r.parents, r.id, r.head, r.message));
      if (verbose) env.out(cliMessages.historyDetails(r.breaking, r.file, r.checksum));
    }
  }
  return EXIT.ok;
}
