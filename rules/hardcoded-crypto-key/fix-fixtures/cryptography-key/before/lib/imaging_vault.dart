import 'dart:convert';

import 'package:cryptography/cryptography.dart';

class ImagingVault {
  static final _imagingKey = SecretKey(utf8.encode('imaging-secret-key-0123456789abc'));
  static final _algorithm = AesGcm.with256bits();

  Future<SecretBox> seal(List<int> scan) async {
    return _algorithm.encrypt(scan, secretKey: _imagingKey);
  }

  Future<List<int>> open(SecretBox box) async {
    final key = _imagingKey;
    return _algorithm.decrypt(box, secretKey: key);
  }
}
