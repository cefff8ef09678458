import 'package:cryptography/cryptography.dart';

final _ctr = AesGcm.with128bits();
