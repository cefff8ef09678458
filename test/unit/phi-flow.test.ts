import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Parser } from 'web-tree-sitter';
import { defaultConfig, type EngineConfig } from '../../server/src/engine/config';
import { DartFile } from '../../server/src/engine/dart/model';
import { callSites, descendantsOfType } from '../../server/src/engine/dart/syntax';
import {
  defaultDartGrammarPath,
  loadDartLanguage,
} from '../../server/src/engine/parsers/dart-grammar';
import {
  classifyName,
  classShowsPhi,
  dartCallSites,
  isPhiClassName,
  phiOf,
} from '../../server/src/engine/phi';
import { SourceText } from '../../server/src/engine/text';

let parser: Parser | undefined;

async function parse(text: string): Promise<DartFile> {
  if (!parser) {
    const language = await loadDartLanguage(defaultDartGrammarPath());
    parser = new Parser();
    parser.setLanguage(language);
  }
  const source = new SourceText(text);
  return new DartFile('/tmp/lib/main.dart', source, parser.parse(source.text)!);
}

/** Lists the PHI term of the first argument of each `sink(...)` call, or '-' when none. */
async function sinkTerms(text: string, config: EngineConfig = defaultConfig()): Promise<string[]> {
  const dart = await parse(text);
  return callSites(dart.root)
    .filter((call) => call.callee.join('.') === 'sink')
    .map((call) => phiOf(call.args.positional[0], dart, config)?.term ?? '-');
}

test('vocabulary matches words, not substrings', () => {
  const config = defaultConfig();
  assert.equal(classifyName('refreshToken', config)?.kind, 'secret');
  assert.equal(classifyName('userDateOfBirth', config)?.term, 'dateofbirth');
  assert.equal(classifyName('last_patient_dob', config)?.term, 'dob');
  assert.equal(classifyName('tokenizer', config), undefined);
  assert.equal(classifyName('searchTokens', config), undefined);
  assert.equal(classifyName('tokenCount', config), undefined);
  assert.equal(classifyName('isTokenValid', config), undefined);
  assert.equal(classifyName('tokenKey', config), undefined);
  assert.equal(classifyName('apiKey', config)?.kind, 'secret');
});

test('configured words are added and removed', () => {
  const config = defaultConfig();
  config.phi.add.push('genotype');
  config.phi.remove.push('condition');
  assert.equal(classifyName('genotypeResult', config)?.term, 'genotype');
  assert.equal(classifyName('condition', config), undefined);
});

test('values flow through locals, fields and returns', async () => {
  const terms = await sinkTerms(`
class Chart {
  Chart(this.summary);
  final String summary;
}

String describe(String diagnosis) => 'dx: $diagnosis';

void f(String allergy, int count) {
  final copy = allergy;
  var later = '';
  later = '$copy!';
  sink(later);
  sink(Chart(copy).summary);
  sink(describe('x'));
  sink(count);
  sink('constant');
}
`);
  assert.deepEqual(terms, ['allergy', 'allergy', 'diagnosis', '-', '-']);
});

test('configured class and annotation mark PHI', async () => {
  const config = defaultConfig();
  config.phi.classes.push('Intake');
  const terms = await sinkTerms(
    `
@phi
class Note {
  Note(this.body);
  final String body;
}

class Intake {
  Intake(this.answers);
  final String answers;
}

void f(Note note, Intake intake) {
  sink(note.body);
  sink(intake.answers);
}
`,
    config,
  );
  assert.deepEqual(terms, ['body', 'answers']);
});

test('FHIR resource types are PHI classes', async () => {
  const dart = await parse('void f() {}');
  const config = defaultConfig();
  assert.equal(isPhiClassName('MedicationRequest', dart, config), true);
  assert.equal(isPhiClassName('PatientRepository', dart, config), false);
  assert.equal(isPhiClassName('Settings', dart, config), false);
});

test('widget showing a PHI field is found', async () => {
  const dart = await parse(`
class ChartScreen extends StatelessWidget {
  const ChartScreen({super.key, required this.mrn});
  final String mrn;
  @override
  Widget build(BuildContext context) => Text(mrn);
}

class AboutScreen extends StatelessWidget {
  const AboutScreen({super.key, required this.version});
  final String version;
  @override
  Widget build(BuildContext context) => Text(version);
}
`);
  const [chart, about] = descendantsOfType(dart.root, 'class_definition');
  const config = defaultConfig();
  assert.equal(classShowsPhi(chart, dart, config)?.term, 'mrn');
  assert.equal(classShowsPhi(about, dart, config), undefined);
});

test('memoised call sites equal callSites', async () => {
  const dart = await parse(`
void f(a, b) {
  a.b(c.d()).e()..f(g(1))..h = 2;
  const Foo().bar(new Baz(x.y()));
}
`);
  const describe = (list: ReturnType<typeof callSites>) =>
    list.map((call) => `${call.callee.join('.')}@${call.startIndex}-${call.endIndex}`);
  assert.deepEqual(describe(dartCallSites(dart)), describe(callSites(dart.root)));
});

test('e-mail is an identifier, not health data', async () => {
  const dart = await parse(`
class SignInForm extends StatelessWidget {
  SignInForm({super.key});
  final emailController = TextEditingController();
  @override
  Widget build(BuildContext context) => TextField(controller: emailController);
}

void f(String email) => sink(email);
`);
  const config = defaultConfig();
  const [form] = descendantsOfType(dart.root, 'class_definition');
  assert.equal(classShowsPhi(form, dart, config), undefined);
  const call = callSites(dart.root).find((c) => c.callee.join('.') === 'sink');
  assert.ok(call, 'sink call found');
  const trace = phiOf(call.args.positional[0], dart, config);
  assert.equal(trace?.term, 'email');
  assert.equal(trace?.identifier, true);
});
