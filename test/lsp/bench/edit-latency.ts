/**
 * Measures how long the bundled server takes to publish diagnostics after an edit to a large
 * Dart file. Run after `npm run build`:
 *
 *     node --import tsx test/lsp/bench/edit-latency.ts [lines]
 *
 * It prints the server's own analysis time per edit (from its log) and the time from sending
 * `didChange` to receiving diagnostics, which includes the server's 80 ms typing pause.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestClient } from '../lsp-client';

const LINES = Number(process.argv[2] ?? 5000);
const EDITS = 40;

/** Generates a Dart library of about `lines` lines with classes, HTTP calls and http:// URLs. */
function largeDartFile(lines: number): string {
  const out = ["import 'package:http/http.dart' as http;", ''];
  for (let i = 0; out.length < lines; i++) {
    const scheme = i % 10 === 0 ? 'http' : 'https';
    out.push(
      `class Repository${i} {`,
      `  final String label = 'repository ${i}';`,
      `  Future<String> fetch${i}(String id) async {`,
      `    final response = await http.get(Uri.parse('${scheme}://api${i}.northwind.net/items'));`,
      '    if (response.statusCode != 200) {',
      `      throw StateError('failed ${i}');`,
      '    }',
      '    return response.body;',
      '  }',
      '}',
      '',
    );
  }
  return out.join('\n');
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'phi-guard-bench-'));
  const file = path.join(root, 'lib', 'large.dart');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(path.join(root, 'pubspec.yaml'), 'name: bench\n');
  const text = largeDartFile(LINES);
  writeFileSync(file, text);
  const client = TestClient.start();
  client.waitMs = 120_000;
  const analysisMs: number[] = [];
  client.connection.onNotification('window/logMessage', (params: { message: string }) => {
    const match = /^Analysed .*large\.dart version (\d+) in ([\d.]+) ms$/.exec(params.message);
    if (match && Number(match[1]) > 1) analysisMs.push(Number(match[2]));
  });
  await client.initialize([root]);
  await client.open(file, text, 'dart', 1);
  await client.waitForDiagnostics(file, (list) => list.length > 0, 'first result', 1);
  const roundTrips: number[] = [];
  for (let version = 2; version <= EDITS + 1; version++) {
    // Types one character into the label string of a class in the middle of the file.
    const line = 2 + 11 * Math.floor(LINES / 22) + 1;
    const at = { line, character: 25 };
    const started = performance.now();
    await client.change(file, version, [{ range: { start: at, end: at }, text: 'x' }]);
    await client.waitForDiagnostics(file, () => true, 'edit result', version);
    roundTrips.push(performance.now() - started);
  }
  await client.stop();
  rmSync(root, { recursive: true, force: true });
  const format = (values: number[]) => {
    const median = percentile(values, 0.5).toFixed(1);
    return `median ${median} ms, p95 ${percentile(values, 0.95).toFixed(1)} ms`;
  };
  console.log(`${LINES}-line Dart file, ${EDITS} single-character edits`);
  console.log(`server analysis: ${format(analysisMs)}`);
  console.log(`didChange to diagnostics (includes the 80 ms pause): ${format(roundTrips)}`);
}

void main();
