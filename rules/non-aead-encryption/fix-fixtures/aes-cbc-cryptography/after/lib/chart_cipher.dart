import 'package:cryptography/cryptography.dart';

final _cbc = AesGcm.with256bits();
