import { EXIT } from '../cli.errors.js';
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
    env.out(`${code.name}: ${heads.length} head${heads.length === 1 ? '' : 's'}`);
    for (const id of heads) env.out(`   ${id} ${code.entry(id).message}`);
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
    env.out(`${set.name}:`);
    for (const r of set.revisions) {
      const parents = r.parents.length > 0 ? r.parents.join(', ') : '<base>';
      env.out(`   ${parents} -> ${r.id}${r.head ? ' (head)' : ''}${r.parents.length > 1 ? ' (merge)' : ''}, ${r.message}`);
      if (verbose) env.out(`      breaking: ${r.breaking ? 'yes' : 'no'}\n      file: ${r.file}\n      checksum: ${r.checksum}`);
    }
  }
  return EXIT.ok;
}
