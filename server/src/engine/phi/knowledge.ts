/**
 * Facts that the data flow uses about library functions and members: which keep a PHI value, which
 * reduce it to a fact about it (a length, a boolean), which pseudonymise it, and which read PHI.
 */

/** Properties that give a fact about a value, not the value: `token.length`, `mrn.isEmpty`. */
export const FACT_PROPERTIES = new Set([
  'length',
  'isEmpty',
  'isNotEmpty',
  'hashCode',
  'runtimeType',
  'keys',
  'isNaN',
  'isFinite',
  'isNegative',
  'sign',
]);

/** Methods whose result is a boolean, a number or a position, whatever the receiver holds. */
export const FACT_METHODS = new Set([
  'contains',
  'containsKey',
  'containsValue',
  'startsWith',
  'endsWith',
  'compareTo',
  'indexOf',
  'lastIndexOf',
  'any',
  'every',
  'hasMatch',
  'matches',
  'validate',
  'verify',
  'allMatches',
  'toBool',
  'difference',
]);

/** Methods that replace a value with a pseudonym or hide it. */
export const SANITIZERS = new Set([
  'hash',
  'digest',
  'convert',
  'redact',
  'mask',
  'obfuscate',
  'anonymize',
  'anonymise',
  'pseudonymize',
  'pseudonymise',
  'encrypt',
  'encryptString',
  'sign',
  'hmac',
]);

/** Receivers whose `convert` is a hash (package:crypto). */
export const HASHES = new Set(['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'md5', 'Hmac']);

/** Top-level functions whose result carries their argument. */
export const ENCODERS = new Set(['jsonEncode', 'base64Encode', 'base64UrlEncode', 'Uri', 'Text']);

/** `object.method(x)` calls that return `x` encoded: `json.encode(x)`, `Uri.encodeComponent(x)`. */
export const ENCODER_METHODS: Record<string, Set<string>> = {
  json: new Set(['encode']),
  base64: new Set(['encode']),
  base64Url: new Set(['encode']),
  utf8: new Set(['encode', 'decode']),
  Uri: new Set([
    'encodeComponent',
    'encodeQueryComponent',
    'encodeFull',
    'parse',
    'tryParse',
    'https',
    'http',
  ]),
  String: new Set(['fromCharCodes']),
};

/** Methods of package:health (and older HealthFactory) that return health records. */
export const HEALTH_READS = new Set([
  'getHealthDataFromTypes',
  'getHealthIntervalDataFromTypes',
  'getHealthAggregateDataFromTypes',
  'getTotalStepsInInterval',
  'getHealthDataByType',
]);

/** Storage reads whose result is the value stored under the key argument. */
export const STORAGE_READS = new Set(['read', 'getString', 'getStringList', 'get', 'getItem']);

/** Methods that put their argument into the receiver: `buffer.write(x)`, `list.add(x)`. */
export const MUTATORS = new Set([
  'add',
  'addAll',
  'insert',
  'write',
  'writeln',
  'writeAll',
  'putIfAbsent',
  'addEntries',
]);

/** Methods whose result is the receiver's content in another shape. */
export const SERIALIZERS = new Set(['toJson', 'toMap', 'toString', 'toList', 'encode', 'copyWith']);

/** First words of method names that act on a secret rather than return it: `saveToken()`. */
export const ACTION_PREFIXES = new Set([
  'set',
  'save',
  'store',
  'clear',
  'delete',
  'remove',
  'write',
  'update',
  'refresh',
  'revoke',
  'validate',
  'verify',
  'check',
  'reset',
  'log',
  'print',
  'send',
  'post',
  'put',
]);

/**
 * Types whose values style or time the UI: whatever a field of such a type is called
 * (`chronicConditionGradient`, `medicationIcon`), its value holds no health data.
 */
export const PRESENTATION_TYPES = new Set([
  'Color',
  'MaterialColor',
  'ColorScheme',
  'Gradient',
  'LinearGradient',
  'RadialGradient',
  'SweepGradient',
  'IconData',
  'Icon',
  'TextStyle',
  'ThemeData',
  'EdgeInsets',
  'EdgeInsetsGeometry',
  'BorderRadius',
  'BoxDecoration',
  'BoxShadow',
  'Duration',
  'Curve',
  'Size',
  'Offset',
  'ImageProvider',
  'AssetImage',
  'TextEditingController',
  'FocusNode',
  'ScrollController',
  'AnimationController',
  'TabController',
  'PageController',
  'GlobalKey',
]);

/**
 * Last words of fields that hold an object that fetches or edits records (`patientController`,
 * `historyService`) rather than the records: a widget that keeps one shows nothing by it.
 */
export const HANDLER_WORDS = new Set([
  'controller',
  'controllers',
  'service',
  'services',
  'repository',
  'repo',
  'provider',
  'bloc',
  'cubit',
  'notifier',
  'manager',
  'client',
  'api',
  'helper',
  'handler',
  'dao',
]);
