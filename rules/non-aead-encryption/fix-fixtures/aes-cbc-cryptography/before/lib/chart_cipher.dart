import 'package:cryptography/cryptography.dart';

final _cbc = AesCbc.with256bits(macAlgorithm: MacAlgorithm.empty);
