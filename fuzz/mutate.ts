/**
 * Input mutations for fuzzing the engine. A seeded generator keeps every run reproducible from
 * its seed, so a crash found in CI can be replayed locally.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** xorshift32: small, fast, and good enough to pick mutations. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

type Mutator = (input: Buffer, random: Random, seeds: Buffer[]) => Buffer;

const INVALID_UTF8 = [
  Buffer.from([0xc3]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf0, 0x9f]),
  Buffer.from([0x00]),
];

const NESTING: Record<string, [string, string]> = {
  dart: ['f(', ')'],
  braces: ['{', '}'],
  xml: ['<a>', '</a>'],
  yaml: ['- ', ''],
  interpolation: ['"${', '}"'],
};

const TOKENS = [
  '"', "'", '${', '}', '<!--', '-->', '<', '/>', '>', '=>', '..', '?.', '\r\n', '\r', '\uFEFF',
  '\u{1FA7A}', 'http://', 'true', 'badCertificateCallback', '<key>', '<true/>', '@', '#', ':',
  'android:', '*/', '/*', 'r"""', "'''",
];

const mutators: Mutator[] = [
  (input, random) => {
    const copy = Buffer.from(input);
    if (copy.length > 0) copy[random.int(copy.length)] ^= 1 << random.int(8);
    return copy;
  },
  (input, random) => input.subarray(0, random.int(input.length + 1)),
  (input, random) => {
    const at = random.int(input.length + 1);
    return Buffer.concat([input.subarray(0, at), random.pick(INVALID_UTF8), input.subarray(at)]);
  },
  (input, random) => {
    const at = random.int(input.length + 1);
    const token = Buffer.from(random.pick(TOKENS));
    return Buffer.concat([input.subarray(0, at), token, input.subarray(at)]);
  },
  (input, random) => {
    const start = random.int(input.length + 1);
    const end = Math.min(input.length, start + random.int(64));
    return Buffer.concat([input.subarray(0, start), input.subarray(end)]);
  },
  (input, random) => {
    const start = random.int(input.length + 1);
    const chunk = input.subarray(start, start + random.int(256));
    return Buffer.concat([input.subarray(0, start), chunk, chunk, input.subarray(start)]);
  },
  (input, random, seeds) => {
    const other = random.pick(seeds);
    const cut = random.int(input.length + 1);
    const from = random.int(other.length + 1);
    return Buffer.concat([input.subarray(0, cut), other.subarray(from)]);
  },
  (input, random) => {
    const [open, close] = NESTING[random.pick(Object.keys(NESTING))];
    const depth = 100 + random.int(5000);
    const at = random.int(input.length + 1);
    const nested = Buffer.from(open.repeat(depth) + close.repeat(depth));
    return Buffer.concat([input.subarray(0, at), nested, input.subarray(at)]);
  },
  (input) => Buffer.from(input.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
  (_input, random) => {
    const bytes = Buffer.alloc(random.int(4096));
    for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(256);
    return bytes;
  },
];

/** Applies one to four random mutations. */
export function mutate(input: Buffer, random: Random, seeds: Buffer[]): Buffer {
  let output = input;
  const rounds = 1 + random.int(4);
  for (let i = 0; i < rounds; i++) output = random.pick(mutators)(output, random, seeds);
  return output;
}
