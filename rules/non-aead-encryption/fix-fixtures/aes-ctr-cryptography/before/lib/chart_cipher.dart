import 'package:cryptography/cryptography.dart';

final _ctr = AesCtr.with128bits(macAlgorithm: MacAlgorithm.empty);
