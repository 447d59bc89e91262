import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { runToEnd } from './commands.js';

/**
 * A second host for tests of what crosses a network: a network namespace of this machine, joined
 * to it by a veth pair (iproute2; needs root). A process started with `prefix` lives on that host;
 * `cut` makes the host vanish from the network at once, as a crashed machine or a broken link
 * does: its packets go nowhere and nothing, not even a connection reset, reaches this side.
 */
export interface OtherHost {
  /** This machine's address on the link (where a server must listen to be reached from there). */
  readonly localAddress: string;
  /** The other host's address. */
  readonly address: string;
  /** Put before a command to run it on the other host. */
  readonly prefix: readonly string[];
  cut(): Promise<void>;
  remove(): Promise<void>;
}

/** iproute2's `ip` (in /usr/sbin, which a user's PATH may leave out). */
const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find((path) => existsSync(path)) ?? 'ip';

/** Why network namespaces cannot be made here, or null when they can. */
export async function whyNoNetworkNamespaces(): Promise<string | null> {
  if (userInfo().uid !== 0) return 'network namespaces need root';
  const version = await runToEnd(IP, ['-V']);
  return version.exitCode === 0 ? null : 'the ip command (iproute2) is missing';
}

async function ip(...args: string[]): Promise<void> {
  const run = await runToEnd(IP, args, { timeoutMs: 10_000 });
  if (run.exitCode !== 0) throw new Error(`ip ${args.join(' ')} failed: ${run.stderr.trim()}`);
}

/** Makes the other host (a /30 link in 10.231.0.0/16, picked at random). */
export async function otherHost(): Promise<OtherHost> {
  return link(true);
}

/**
 * An address that takes every packet and never answers, as a server behind a firewall that drops
 * them, or a wrong address in a private network: connecting to it waits for a timeout.
 */
export async function unansweringAddress(): Promise<{ readonly address: string; remove(): Promise<void> }> {
  return link(false);
}

// The other side of the link has no route back when it must not answer (its address alone, /32):
// its replies, resets included, are dropped before they leave.
async function link(answers: boolean): Promise<OtherHost> {
  const tag = randomBytes(3).toString('hex');
  const [namespace, here, there] = [`guard-${tag}`, `gvh${tag}`, `gvn${tag}`];
  const [third, fourth] = [randomBytes(1)[0], (randomBytes(1)[0] % 64) * 4];
  const [localAddress, address] = [`10.231.${third}.${fourth + 1}`, `10.231.${third}.${fourth + 2}`];
  const inside = (...args: string[]) => ip('netns', 'exec', namespace, IP, ...args);
  const remove = async () => {
    await runToEnd(IP, ['link', 'del', here]);
    await runToEnd(IP, ['netns', 'del', namespace]);
  };
  try {
    await ip('netns', 'add', namespace);
    await ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
    await ip('link', 'set', there, 'netns', namespace);
    await ip('addr', 'add', `${localAddress}/30`, 'dev', here);
    await ip('link', 'set', here, 'up');
    await inside('addr', 'add', `${address}/${answers ? 30 : 32}`, 'dev', there);
    await inside('link', 'set', there, 'up');
    await inside('link', 'set', 'lo', 'up');
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    localAddress,
    address,
    prefix: [IP, 'netns', 'exec', namespace],
    cut: () => inside('link', 'set', there, 'down'),
    remove,
  };
}
